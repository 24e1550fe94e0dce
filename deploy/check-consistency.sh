#!/usr/bin/env bash
# Fails (exit 1, one line per disagreement) when Compose, the Kustomize overlays, the AppHost and the code name
# different images, ports, connection names or configuration keys for a service. The code is the reference:
# deploy/local/services.tsv (services, host ports, databases), each *EventStore.cs's ConnectionName,
# MessageBusExtensions.ConnectionName, each *.Api.csproj's ContainerRepository, services/Directory.Build.props'
# ContainerPort, and the configuration keys declared as constants in BuildingBlocks and BearerTokens. Run by .ci/run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! python3 -c 'import yaml' 2>/dev/null; then
  apt-get install -y -qq python3-yaml >/dev/null
fi

rendered="$(mktemp -d)"
trap 'rm -rf "$rendered"' EXIT
for overlay in deploy/k8s/overlays/*/; do
  kubectl kustomize "$overlay" >"$rendered/$(basename "$overlay").yaml"
done

python3 - "$rendered" <<'PY'
import csv, glob, os, re, sys
import yaml

rendered_dir = sys.argv[1]
errors = []
def check(condition, message):
    if not condition:
        errors.append(message)

def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()

# --- The code: what every deployment must agree with. ---
services = []  # dicts: name, project, port, database, image, short
databaseless = {}  # name -> (project, port): the rows without a database (-), checked on their own below
fronts = []    # the same without database: the gateway
for row in csv.reader((l for l in open("deploy/local/services.tsv", encoding="utf-8") if not l.startswith("#")), delimiter="\t"):
    if not row:
        continue
    name, project, port, database, _ = row
    if database == "-":
        if name != "Gateway":
            databaseless[name] = (project, port)
            continue
        # A front (the gateway): no database, no daemon; checked below for its image, port and entry.
        repository = re.search(r"<ContainerRepository>([^<]+)</ContainerRepository>", read(project))
        check(repository is not None, f"{name}: {project} sets no ContainerRepository")
        image = repository.group(1) if repository else ""
        fronts.append(dict(name=name, project=project, port=port, image=image, short=image.split("/")[-1]))
        continue
    api_dir = os.path.dirname(project)
    declared = re.findall(r'ConnectionName\s*=\s*"([^"]+)"', "".join(read(f) for f in glob.glob(f"{api_dir}/*EventStore.cs")))
    check(declared == [database], f"{name}: services.tsv names database {database}, the code's *EventStore.cs declares {declared}")
    repository = re.search(r"<ContainerRepository>([^<]+)</ContainerRepository>", read(project))
    check(repository is not None, f"{name}: {project} sets no ContainerRepository")
    image = repository.group(1) if repository else ""
    short = image.split("/")[-1]
    check(re.fullmatch(r"socialtech/[a-z]+-api", image) is not None, f"{name}: image {image!r} is not socialtech/<service>-api")
    services.append(dict(name=name, project=project, port=port, database=database, image=image, short=short))

messaging = re.search(r'ConnectionName\s*=\s*"([^"]+)"', read("services/BuildingBlocks/Messaging/MessageBusExtensions.cs")).group(1)
container_port = re.search(r'<ContainerPort Include="(\d+)"', read("services/Directory.Build.props")).group(1)
config_keys = set(re.findall(r'Key\s*=\s*"([^"]+)"', "".join(read(f) for f in glob.glob("services/BuildingBlocks/**/*.cs", recursive=True) + glob.glob("services/BearerTokens/**/*.cs", recursive=True))))
connection_names = {s["database"] for s in services} | {messaging}

service_code = "".join(read(f) for f in glob.glob("services/**/*.cs", recursive=True) if "/obj/" not in f and "/bin/" not in f)

def known_variable(name):
    """An environment variable the services read: a declared configuration key, a connection string, or a platform one."""
    if name.startswith(("OTEL_", "ASPNETCORE_", "DOTNET_")):
        return True
    key = name.replace("__", ":")
    # Service discovery (services:<name>:http:0) is read when some service's code calls http://<name>.
    discovered = re.fullmatch(r"services:([a-z-]+):https?:\d+", key)
    if discovered:
        return f"http://{discovered.group(1)}" in service_code
    if key.startswith("ConnectionStrings:"):
        return key.split(":", 1)[1] in connection_names
    return key in config_keys

# --- The AppHost. ---
apphost = read("AppHost/Program.cs")
servers = read("AppHost/PlatformServers.cs")
declared = {m[1]: (m[0], m[2]) for m in re.findall(r'AddService<Projects\.(\w+)>\("([^"]+)",\s*"([^"]+)"\)', apphost)}
# The broker is a container resource or the machine's server's connection string, named as the services read it.
check(f'AddRabbitMQ("{messaging}")' in servers and f'AddConnectionString("{messaging}"' in servers,
      f"AppHost: the broker resource is not named {messaging!r} both ways (AppHost/PlatformServers.cs)")
names = re.search(r'DatabaseNames\s*=\s*\[([^\]]*)\]', servers)
check(names is not None and set(re.findall(r'"([^"]+)"', names.group(1))) == {s["database"] for s in services},
      "AppHost: PlatformServers.DatabaseNames is not the services' databases")
for s in services:
    resource = declared.pop(s["short"], None)
    check(resource is not None, f"AppHost: no AddService for {s['short']}")
    if resource:
        check(resource[0] == os.path.basename(s["project"])[:-len(".csproj")].replace(".", "_"), f"AppHost: {s['short']} runs Projects.{resource[0]}, not {s['project']}")
        check(resource[1] == s["database"], f"AppHost: {s['short']} gets database {resource[1]}, the code reads {s['database']}")
check(not declared, f"AppHost: resources unknown to services.tsv: {sorted(declared)}")
for f in fronts:
    project_class = os.path.basename(f["project"])[:-len(".csproj")].replace(".", "_")
    check(re.search(rf'AddProject<Projects\.{project_class}>\("{re.escape(f["short"])}"', apphost) is not None, f"AppHost: no AddProject<Projects.{project_class}>(\"{f['short']}\")")
    check("WithExternalHttpEndpoints()" in apphost, "AppHost: the gateway has no external endpoints")

# --- Compose. ---
compose = yaml.safe_load(read("deploy/compose/compose.yaml"))["services"]
check(set(compose["postgres"]["environment"]["SOCIALTECH_DATABASES"].split()) == {s["database"] for s in services},
      "Compose: SOCIALTECH_DATABASES is not the services' databases")
for s in services:
    c = compose.get(s["short"])
    check(c is not None, f"Compose: no service {s['short']}")
    if not c:
        continue
    env = {k: str(v) for k, v in c.get("environment", {}).items()}
    check(c["image"].split(":")[0] == s["image"], f"Compose: {s['short']} runs {c['image']}, the project publishes {s['image']}")
    check(f"ConnectionStrings__{s['database']}" in env and f"Database={s['database']};" in env[f"ConnectionStrings__{s['database']}"],
          f"Compose: {s['short']} lacks ConnectionStrings__{s['database']} for database {s['database']}")
    check(f"ConnectionStrings__{messaging}" in env, f"Compose: {s['short']} lacks ConnectionStrings__{messaging}")
    check(env.get("EventStore__Daemon", "HotCold") == "HotCold", f"Compose: {s['short']} must run the daemon in HotCold (ADR 0010), not {env.get('EventStore__Daemon')}")
    check(env.get("OTEL_SERVICE_NAME") == s["short"], f"Compose: {s['short']} reports as {env.get('OTEL_SERVICE_NAME')}")
    check("OTEL_EXPORTER_OTLP_ENDPOINT" in env, f"Compose: {s['short']} exports no OTLP")
    check(c.get("ports") == [f"127.0.0.1:{s['port']}:{container_port}"], f"Compose: {s['short']} ports {c.get('ports')}, expected 127.0.0.1:{s['port']}:{container_port} (services.tsv, ContainerPort)")
    for variable in env:
        check(known_variable(variable), f"Compose: {s['short']} sets {variable}, which the code does not read")

for f in fronts:
    c = compose.get(f["short"])
    check(c is not None, f"Compose: no service {f['short']}")
    if c:
        check(c["image"].split(":")[0] == f["image"], f"Compose: {f['short']} runs {c['image']}, the project publishes {f['image']}")
        check(c.get("ports") == [f"127.0.0.1:{f['port']}:{container_port}"], f"Compose: {f['short']} ports {c.get('ports')}, expected 127.0.0.1:{f['port']}:{container_port}")
        env = {k: str(v) for k, v in c.get("environment", {}).items()}
        for s in services:
            check(env.get(f"services__{s['short']}__http__0") == f"http://{s['short']}:{container_port}", f"Compose: {f['short']} does not find {s['short']} (services__{s['short']}__http__0)")

# --- Kustomize, every overlay as rendered. ---
for path in sorted(glob.glob(f"{rendered_dir}/*.yaml")):
    overlay = os.path.basename(path)[:-5]
    docs = [d for d in yaml.safe_load_all(read(path)) if d]
    by_kind = lambda kind: {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}
    deployments, config_maps = by_kind("Deployment"), by_kind("ConfigMap")
    platform = config_maps.get("socialtech-platform", {}).get("data", {})
    check(platform.get("Messaging__QuorumQueues") == "true", f"k8s/{overlay}: socialtech-platform does not set Messaging__QuorumQueues=true")
    for variable in platform:
        check(known_variable(variable), f"k8s/{overlay}: socialtech-platform sets {variable}, which the code does not read")
    databases = {d["spec"]["name"] for d in docs if d["kind"] == "Database"}
    check(databases == {s["database"] for s in services}, f"k8s/{overlay}: CloudNativePG databases {sorted(databases)} are not the services' databases")
    for s in services:
        # One Deployment per service, every replica running the daemon in HotCold (ADR 0010): a leader is elected, so
        # there is no separate daemon Deployment, and at least two replicas so that one can take over.
        name = s["short"].removesuffix("-api")
        check(f"{name}-daemon" not in deployments, f"k8s/{overlay}: {name}-daemon exists; every replica runs the daemon in HotCold (ADR 0010)")
        d = deployments.get(f"{name}-api")
        check(d is not None, f"k8s/{overlay}: no Deployment {name}-api")
        if d:
            (container,) = d["spec"]["template"]["spec"]["containers"]
            env = {e["name"]: e.get("value") for e in container.get("env", [])}
            where = f"k8s/{overlay}: {d['metadata']['name']}"
            check(container["image"].split(":")[0].split("@")[0].endswith(s["image"]), f"{where} runs {container['image']}, the project publishes {s['image']}")
            check([p["containerPort"] for p in container["ports"]] == [int(container_port)], f"{where} listens on {container['ports']}, the image on {container_port}")
            check(env.get("EventStore__Daemon", "HotCold") == "HotCold", f"{where}: EventStore__Daemon must be HotCold, not {env.get('EventStore__Daemon')}")
            check(d["spec"].get("replicas", 1) >= 2, f"{where}: {d['spec'].get('replicas', 1)} replica(s); at least 2, so that one takes over the daemon")
            hpa = [h for h in by_kind("HorizontalPodAutoscaler").values() if h["spec"]["scaleTargetRef"]["name"] == d["metadata"]["name"]]
            check(all(h["spec"]["minReplicas"] >= 2 for h in hpa), f"{where}: its HPA may scale it below 2 replicas")
            check(f"Database={s['database']};" in (env.get(f"ConnectionStrings__{s['database']}") or ""), f"{where} lacks ConnectionStrings__{s['database']}")
            check(f"ConnectionStrings__{messaging}" in env, f"{where} lacks ConnectionStrings__{messaging}")
            check(env.get("OTEL_SERVICE_NAME") == s["short"], f"{where} reports as {env.get('OTEL_SERVICE_NAME')}")
            check(container["readinessProbe"]["httpGet"]["path"] == "/health" and container["livenessProbe"]["httpGet"]["path"] == "/alive",
                  f"{where}: readiness must probe /health and liveness /alive")
            for variable in env:
                check(variable in ("PG_USER", "PG_PASSWORD", "RABBITMQ_USER", "RABBITMQ_PASSWORD") or known_variable(variable),
                      f"{where} sets {variable}, which the code does not read")

    for f in fronts:
        d = deployments.get(f["short"].removesuffix("-api"))
        check(d is not None, f"k8s/{overlay}: no Deployment {f['short'].removesuffix('-api')}")
        if d:
            (container,) = d["spec"]["template"]["spec"]["containers"]
            check(container["image"].split(":")[0].split("@")[0].endswith(f["image"]), f"k8s/{overlay}: {f['short']} runs {container['image']}, the project publishes {f['image']}")
            check([p["containerPort"] for p in container["ports"]] == [int(container_port)], f"k8s/{overlay}: {f['short']} listens on {container['ports']}")
        ingresses = [i for i in docs if i["kind"] == "Ingress"]
        check(ingresses and all(p["backend"]["service"]["name"] == f["short"] for i in ingresses for r in i["spec"]["rules"] for p in r["http"]["paths"]),
              f"k8s/{overlay}: the Ingress must lead to {f['short']} only")
    services_names = {d["metadata"]["name"] for d in docs if d["kind"] == "Service"}
    check(all(s["short"] in services_names for s in services), f"k8s/{overlay}: the gateway's clusters name Services {[s['short'] for s in services]}")
# --- The portal (issue 8): no database; it reads the services by service discovery and the bus for its live feed. ---
discovery = {"actors": "actors-api", "funding": "funding-api", "labelling": "labelling-api", "networks": "networks-api"}
if "Portal" in databaseless:
    project, port = databaseless.pop("Portal")
    repository = re.search(r"<ContainerRepository>([^<]+)</ContainerRepository>", read(project))
    image = repository.group(1) if repository else ""
    check(image == "socialtech/portal-web", f"Portal: {project} publishes {image!r}, expected socialtech/portal-web")
    check(re.search(r'AddProject<Projects\.Portal_Web>\("portal"', apphost) is not None, "AppHost: no AddProject<Projects.Portal_Web>(\"portal\")")
    for name in discovery:
        check(f'WithReference({name}, "{name}")' in apphost, f"AppHost: the portal lacks WithReference({name}, \"{name}\")")
    c = compose.get("portal-web")
    check(c is not None, "Compose: no service portal-web")
    if c:
        env = {k: str(v) for k, v in c.get("environment", {}).items()}
        check(c["image"].split(":")[0] == image, f"Compose: portal-web runs {c['image']}, the project publishes {image}")
        check(c.get("ports") == [f"127.0.0.1:{port}:{container_port}"], f"Compose: portal-web ports {c.get('ports')}, expected 127.0.0.1:{port}:{container_port}")
        check(f"ConnectionStrings__{messaging}" in env, f"Compose: portal-web lacks ConnectionStrings__{messaging}")
        for name, short in discovery.items():
            check(env.get(f"services__{name}__http__0") == f"http://{short}:{container_port}", f"Compose: portal-web's services__{name}__http__0 is not http://{short}:{container_port}")
    for path in sorted(glob.glob(f"{rendered_dir}/*.yaml")):
        overlay = os.path.basename(path)[:-5]
        docs = [d for d in yaml.safe_load_all(read(path)) if d]
        d = next((d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == "portal"), None)
        check(d is not None, f"k8s/{overlay}: no Deployment portal")
        if d:
            (container,) = d["spec"]["template"]["spec"]["containers"]
            env = {e["name"]: e.get("value") for e in container.get("env", [])}
            check(container["image"].split(":")[0].split("@")[0].endswith(image), f"k8s/{overlay}: portal runs {container['image']}, the project publishes {image}")
            check(env.get("Messaging__QuorumQueues") == "false", f"k8s/{overlay}: portal must set Messaging__QuorumQueues=false (its queue is temporary)")
            for name, short in discovery.items():
                check(env.get(f"services__{name}__http__0") == f"http://{short}", f"k8s/{overlay}: portal's services__{name}__http__0 is not http://{short}")
check(not databaseless, f"services.tsv: rows without a database that nothing checks: {sorted(databaseless)}")

for e in errors:
    print(f"inconsistent: {e}")
if errors:
    sys.exit(1)
print(f"consistent: {len(services)} services and {len(fronts)} gateway across the code, the AppHost, Compose and {len(glob.glob(rendered_dir + '/*.yaml'))} Kustomize overlays")
PY
