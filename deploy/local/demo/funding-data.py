#!/usr/bin/env python3
"""Writes funding-requests.tsv, the requests 30-funding.sh sends to the Funding API.

Deterministic (a fixed seed, no clock): running it again writes the same file, so the loader's Idempotency-Keys and
If-Match versions stay those of the data already loaded. Run it only to change the demo data:

    python3 deploy/local/demo/funding-data.py

Reads actors.csv (the organisations) and the territory referential embedded in Actors.Territories (which EPCI,
département and région each commune belongs to), so that programmes fund recipients where they are eligible.

Each line: phase, method, path, header (Idempotency-Key: … or If-Match: …), JSON body. Actors appear in bodies as
{{actor:<name in actors.csv>}}; the loader puts in their ids. Grant and programme ids are derived from their
Idempotency-Key exactly as the service derives them (a name-based UUID, RFC 9562 version 8 layout over SHA-256, over
the kind, the caller and the key: IdempotencyKeys in BuildingBlocks), so that child grants, payments and amendments
can name them before they exist. The caller is the demo loader's token, which up.sh mints with --sub
admin:demo-loader: a key belongs to its caller, so another token's keys name other ids.
"""
import csv
import gzip
import hashlib
import json
import os
import random
from datetime import date, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
LAST_DAY = date(2026, 10, 31)  # nothing is dated after the data was written
LATER = 100  # phase offset of the second load (see the loop over grants)


def name_based_id(prefix, key):
    h = bytearray(hashlib.sha256((prefix + key).encode("utf-8")).digest()[:16])
    h[6] = (h[6] & 0x0F) | 0x80
    h[8] = (h[8] & 0x3F) | 0x80
    x = h.hex()
    return f"{x[0:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:32]}"


# The demo loader as IdempotencyKeys.CallerOf spells a caller: subject, network_id, funder_id, label_owner_id, each
# length-prefixed (lengths in UTF-16 code units there, in code points here: the same for these ASCII values).
LOADER = "".join(f"{len(v)}:{v};" for v in ("admin:demo-loader", "", "", ""))


def keyed_id(prefix, key):
    return name_based_id(prefix, LOADER + key)


def actor(name):
    return "{{actor:" + name + "}}"


with gzip.open(os.path.join(ROOT, "services/Actors/Actors.Territories/Data/cog-2025.json.gz"), "rt", encoding="utf-8") as f:
    cog = json.load(f)
columns = cog["communeColumns"]
region_of_dep = {d["code"]: d["region"] for d in cog["departements"]}
communes = {}
for row in cog["communes"]:
    c = dict(zip(columns, row))
    communes[c["code"]] = c


def keys_of(code):
    c = communes[code]
    keys = {f"commune:{code}", f"departement:{c['departement']}", f"region:{region_of_dep[c['departement']]}"}
    if c.get("epci"):
        keys.add(f"epci:{c['epci']}")
    return keys


with open(os.path.join(HERE, "actors.csv"), encoding="utf-8-sig", newline="") as f:
    actors = list(csv.DictReader(f, delimiter=";"))

FUNDERS = {
    # name: (funder type, own territory)
    "Métropole de Lyon": ("epci", "epci:200046977"),
    "Région Auvergne-Rhône-Alpes": ("region", "region:84"),
    "Département de la Dordogne": ("departement", "departement:24"),
    "Ville de Paris": ("commune", "commune:75056"),
    "Agence nationale de la cohésion des territoires": ("state", None),
    "Caisse des dépôts – Banque des Territoires": ("state", None),
    "Fondation de France": ("foundation", None),
    "Fondation Rhône Entraide": ("foundation", "departement:69"),
    "Électricité de France (mécénat)": ("company", None),
    "Manufacture française des pneumatiques Michelin (mécénat)": ("company", None),
}
INTERMEDIARIES = {
    # intermediary: (parent funder, its territory, amount, decision date)
    "France Active Auvergne-Rhône-Alpes": ("Région Auvergne-Rhône-Alpes", "region:84", 420000, date(2023, 3, 14)),
    "Réseau des tiers-lieux de Dordogne": ("Département de la Dordogne", "departement:24", 160000, date(2024, 2, 6)),
    "Fédération des tiers-lieux solidaires": ("Ville de Paris", "commune:75056", 180000, date(2024, 4, 9)),
}
names = {a["name"] for a in actors}
for name in list(FUNDERS) + list(INTERMEDIARIES):
    assert name in names, f"{name} is not in actors.csv"

recipients = [a for a in actors
              if a["name"] not in FUNDERS and a["name"] not in INTERMEDIARIES
              and not set(a["kinds"].split("|")) & {"local-authority", "state-service"}]

PROGRAMMES = [
    # key, name, funders, themes, beneficiary kinds, aid types, eligible, opens, closes, call for projects, envelope
    ("metropole-ess", "Fonds métropolitain pour l'économie sociale et solidaire", ["Métropole de Lyon"], ["ess", "insertion"],
     ["association", "scop", "scic", "social-enterprise", "esus-company"], ["grant"], ["epci:200046977"], "2023-01-01", None, False, 3000000),
    ("metropole-alimentation", "Appel à projets Alimentation durable et solidaire", ["Métropole de Lyon", "Région Auvergne-Rhône-Alpes"],
     ["alimentation", "solidarite"], ["association", "scic"], ["grant"], ["epci:200046977"], "2023-02-01", "2025-12-31", True, 900000),
    ("region-tiers-lieux", "Soutien régional aux tiers-lieux", ["Région Auvergne-Rhône-Alpes"], ["tiers-lieux", "ruralite"],
     ["tiers-lieu-operator", "association", "scic"], ["grant", "engineering-support"], ["region:84"], "2023-01-01", None, True, 4000000),
    ("region-fse", "FSE+ Inclusion Auvergne-Rhône-Alpes", ["Région Auvergne-Rhône-Alpes"], ["insertion", "emploi"],
     ["association", "social-enterprise", "esus-company"], ["grant"], ["region:84"], "2023-01-01", "2027-12-31", True, 6000000),
    ("dordogne-rural", "Dordogne Solidarités rurales", ["Département de la Dordogne"], ["ruralite", "mobilite", "solidarite"],
     ["association", "scic", "social-enterprise", "esus-company", "scop"], ["grant"], ["departement:24"], "2023-01-01", None, False, 1500000),
    ("paris-fabriques", "Paris Fabriques solidaires", ["Ville de Paris"], ["economie-circulaire", "numerique"],
     ["association", "scop", "esus-company", "incubator"], ["grant"], ["commune:75056"], "2023-01-01", None, True, 2500000),
    ("anct-fabriques", "Fabriques de territoire", ["Agence nationale de la cohésion des territoires"], ["tiers-lieux", "numerique"],
     ["tiers-lieu-operator", "association", "scic"], ["grant"], ["region:84", "region:75", "region:11"], "2023-01-01", "2026-06-30", True, 5000000),
    ("bdt-ingenierie", "Ingénierie des projets d'économie sociale", ["Caisse des dépôts – Banque des Territoires"], ["ess", "ingenierie"],
     ["scic", "scop", "esus-company", "incubator", "social-enterprise"], ["engineering-support", "loan"], ["region:84", "region:75", "region:11"],
     "2023-01-01", None, False, 3000000),
    ("fdf-initiatives", "Initiatives solidaires locales", ["Fondation de France"], ["solidarite", "alimentation"],
     ["association"], ["grant"], ["region:84", "region:75", "region:11"], "2023-01-01", None, True, 1200000),
    ("mecenat-transition", "Mécénat pour la transition et l'emploi", ["Électricité de France (mécénat)", "Manufacture française des pneumatiques Michelin (mécénat)"],
     ["transition-energetique", "emploi"], ["association", "scic", "scop", "incubator"], ["grant"], ["region:84", "region:11"], "2023-01-01", None, False, 800000),
]

rng = random.Random(20231)
lines = []


def emit(phase, method, path, header, body):
    lines.append("\t".join([str(phase), method, path, header, json.dumps(body, ensure_ascii=False, separators=(",", ":"))]))


for name, (ftype, territory) in FUNDERS.items():
    body = {"actorId": actor(name), "funderType": ftype}
    if territory:
        body["territory"] = territory
    emit(1, "POST", "/api/funding/funders", "-", body)
# An intermediary that regrants is a funder of its children grants, and only a declared funder awards: declared too.
# None of the declarable types is an association's, so it is declared as a foundation (a private funder of its
# territory); its grants still name their own type (other), which wins over the declared one.
for name, (_, territory, _, _) in INTERMEDIARIES.items():
    emit(1, "POST", "/api/funding/funders", "-", {"actorId": actor(name), "funderType": "foundation", "territory": territory})

programme_ids = {}
for key, pname, funders, themes, kinds, aids, eligible, opens, closes, cfp, envelope in PROGRAMMES:
    programme_ids[key] = keyed_id("socialtech:programmes:", f"demo-programme/{key}")
    body = {"name": pname, "funders": [actor(f) for f in funders], "instructingBodies": [actor(funders[0])], "themes": themes,
            "beneficiaryKinds": kinds, "aidTypes": aids, "eligibleTerritories": eligible, "opensOn": opens, "callForProjects": cfp,
            "budgetEnvelope": envelope}
    if closes:
        body["closesOn"] = closes
    emit(2, "POST", "/api/funding/programmes", f"Idempotency-Key: demo-programme/{key}", body)


def eligible_recipients(eligible, kinds):
    found = [r for r in recipients if any(k in keys_of(r["head_office_commune"]) for k in eligible)]
    preferred = [r for r in found if set(r["kinds"].split("|")) & set(kinds)]
    return preferred or found


def territory_keys(key):
    """A place of action's key and those containing it, as the Funding service reads them (a commune's, or a wider one's)."""
    level, code = key.split(":", 1)
    if level == "commune":
        return keys_of(code)
    if level == "departement":
        return {key, f"region:{region_of_dep[code]}"}
    if level == "epci":
        deps = {c["departement"] for c in communes.values() if c.get("epci") == code}
        return {key} | {f"departement:{d}" for d in deps} | {f"region:{region_of_dep[d]}" for d in deps}
    return {key}


actor_by_name = {a["name"]: a for a in actors}
programme_terms = {p[0]: p for p in PROGRAMMES}


def broken_rules(recipient_name, programme_key, day):
    """The programme rules an award (or a raise) on `day` breaks, as the service checks them (README, "Programme rules")."""
    _, _, _, _, kinds, _, eligible, opens, closes, _, _ = programme_terms[programme_key]
    r = actor_by_name[recipient_name]
    places = [p for p in r["places_of_action"].split("|") if p]
    broken = []
    if not any(k in eligible for k in keys_of(r["head_office_commune"])) and not any(k in eligible for p in places for k in territory_keys(p)):
        broken.append("perimeter")
    if not set(r["kinds"].split("|")) & set(kinds):
        broken.append("beneficiary-kinds")
    if day < date.fromisoformat(opens) or (closes and day > date.fromisoformat(closes)):
        broken.append("window")
    return broken


# Why the demo's awards that break a rule were decided anyway: a derogation states it, as the service requires.
DEROGATION_REASONS = {
    "perimeter": "Projet porté hors du périmètre mais au bénéfice du territoire du programme (délibération de la commission permanente)",
    "beneficiary-kinds": "Structure d'une autre catégorie retenue à titre expérimental (délibération de la commission permanente)",
    "window": "Dossier déposé dans les délais, décision prise après la clôture (délibération de la commission permanente)",
}


def derogation(rules):
    return {"rules": rules, "reason": " ; ".join(DEROGATION_REASONS[r] for r in rules)}


def amount():
    roll = rng.random()
    value = rng.choice([2500, 4000, 5000, 7500, 8000, 10000, 12000, 15000, 20000, 25000, 30000]) if roll < 0.8 \
        else rng.randrange(30000, 160000, 500)
    return value + (round(rng.random() * 100, 2) if rng.random() < 0.15 else 0)


def places(recipient):
    """Where the money is used: the head office, sometimes with another commune of its département."""
    home = recipient["head_office_commune"]
    if rng.random() < 0.8:
        return None
    dep = communes[home]["departement"]
    nearby = sorted(c for c in {r["head_office_commune"] for r in actors} if communes[c]["departement"] == dep and c != home)
    return [home] + ([rng.choice(nearby)] if nearby else [])


def day_between(start, end):
    end = min(end, LAST_DAY)
    return start + timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


grants = []  # (key, funders [(name, type or None, amount)], recipient, programme key, decision, locations, parent key)

for name, (funder, territory, total, decided) in INTERMEDIARIES.items():
    grants.append({"key": f"regrant/{name}", "funders": [(funder, None, total)], "recipient": name, "programme": None, "decision": decided,
                   "locations": None, "parent": None, "purpose": "Fonds de prêts d'honneur et de subventions redistribués aux structures du territoire"})

# Children of each regranted fund: the intermediary funds structures of its territory, sometimes with a co-funder, within the fund.
for name, (funder, territory, total, decided) in INTERMEDIARIES.items():
    left = total * 0.85
    candidates = [r for r in recipients if territory in keys_of(r["head_office_commune"])]
    n = 0
    while left > 3000 and n < 16:
        r = rng.choice(candidates)
        part = min(left, rng.choice([3000, 5000, 8000, 10000, 15000, 20000, 30000]))
        left -= part
        parts = [(name, "other", part)]
        if rng.random() < 0.25:
            parts.append(("Fondation de France", None, rng.choice([2000, 3000, 5000])))
        grants.append({"key": f"child/{name}/{n}", "funders": parts, "recipient": r["name"], "programme": None,
                       "decision": day_between(decided + timedelta(days=30), decided + timedelta(days=600)), "locations": places(r),
                       "parent": f"regrant/{name}", "purpose": "Subvention d'amorçage sur le fonds territorial"})
        n += 1

PURPOSES = {
    "ess": ["Création d'emplois dans une structure de l'ESS", "Consolidation du modèle économique", "Essaimage d'une activité solidaire"],
    "alimentation": ["Épicerie solidaire et circuits courts", "Cuisine partagée et restauration solidaire"],
    "tiers-lieux": ["Aménagement d'un tiers-lieu", "Animation et programmation du tiers-lieu"],
    "insertion": ["Parcours d'insertion par l'activité économique", "Accompagnement vers l'emploi"],
    "ruralite": ["Services de proximité en milieu rural", "Mobilité solidaire en zone rurale"],
    "economie-circulaire": ["Recyclerie et réemploi", "Atelier de réparation"],
    "tiers-lieux+numerique": ["Médiation numérique"],
    "ingenierie": ["Étude de faisabilité et ingénierie de projet"],
    "solidarite": ["Aide alimentaire et lien social", "Accueil des personnes isolées"],
    "transition-energetique": ["Rénovation énergétique solidaire", "Formation aux métiers de la transition"],
}
weights = [70, 30, 60, 50, 55, 45, 40, 25, 35, 20]
n_direct = 0
for year in (2023, 2024, 2025):
    for i in range(125):
        pkey = rng.choices(range(len(PROGRAMMES)), weights)[0]
        key, pname, pfunders, themes, kinds, aids, eligible, opens, closes, cfp, envelope = PROGRAMMES[pkey]
        r = rng.choice(eligible_recipients(eligible, kinds))
        total = amount()
        funders = [(pfunders[0], None, total)]
        if len(pfunders) > 1 and rng.random() < 0.6:
            second = round(total * rng.choice([0.3, 0.4, 0.5]), 2)
            funders = [(pfunders[0], None, round(total - second, 2)), (pfunders[1], None, second)]
        elif rng.random() < 0.12:
            # Co-funded across programmes: the local authority of the recipient's territory joins in.
            home = keys_of(r["head_office_commune"])
            partner = next((f for f, (_, t) in FUNDERS.items() if t in home and f != pfunders[0]), "Fondation de France")
            second = round(total * 0.3, 2)
            funders = [(pfunders[0], None, round(total - second, 2)), (partner, None, second)]
        if key == "region-fse":
            funders = [(f, "eu-fund" if f == "Région Auvergne-Rhône-Alpes" else None, a) for f, _, a in funders]
        # Never before the programme opens (no draw from rng: the rest of the data stays the same).
        decided = max(day_between(date(year, 1, 15), date(year, 12, 15)), date.fromisoformat(opens))
        purposes = PURPOSES.get(themes[0], ["Projet solidaire"])
        grants.append({"key": f"grant/{year}/{i:03d}", "funders": funders, "recipient": r["name"], "programme": key, "decision": decided,
                       "locations": places(r), "parent": None, "purpose": rng.choice(purposes)})
        n_direct += 1

# A few grants outside any programme, from the foundations and companies.
for i in range(24):
    funder = rng.choice(["Fondation Rhône Entraide", "Fondation de France", "Électricité de France (mécénat)"])
    r = rng.choice(recipients)
    grants.append({"key": f"gift/{i:02d}", "funders": [(funder, None, rng.choice([1500, 3000, 5000, 10000]))], "recipient": r["name"],
                   "programme": None, "decision": day_between(date(2023, 1, 10), date(2025, 12, 20)), "locations": None, "parent": None,
                   "purpose": "Don ponctuel"})


def grant_id(key):
    return keyed_id("socialtech:grants:", f"demo-grant/{key}")


stats = {"grants": 0, "cofunded": 0, "regranted": 0, "agreements": 0, "payments": 0, "amendments": 0, "cancellations": 0, "closures": 0, "derogations": 0}
for g in grants:
    total = round(sum(a for _, _, a in g["funders"]), 2)
    d = g["decision"]
    body = {"funders": [dict({"funderId": actor(f), "amount": a}, **({"funderType": t} if t else {})) for f, t, a in g["funders"]],
            "recipientId": actor(g["recipient"]), "purpose": g["purpose"], "amount": total, "decisionDate": d.isoformat(),
            "plannedStart": d.isoformat(), "plannedEnd": (d + timedelta(days=364)).isoformat()}
    if g["programme"]:
        body["programmeId"] = programme_ids[g["programme"]]
        if broken := broken_rules(g["recipient"], g["programme"], d):
            body["derogation"] = derogation(broken)
            stats["derogations"] += 1
    if g["locations"]:
        body["beneficiaryCommuneCodes"] = g["locations"]
    if g["parent"]:
        body["parentGrantId"] = grant_id(g["parent"])
    emit(4 if g["parent"] else 3, "POST", "/api/funding/grants", f"Idempotency-Key: demo-grant/{g['key']}", body)
    stats["grants"] += 1
    stats["cofunded"] += len(g["funders"]) > 1
    stats["regranted"] += g["parent"] is not None

    path = f"/api/funding/grants/{grant_id(g['key'])}"
    version = 1
    # The lifecycle of grants decided in 2025 is loaded in a second phase (phase + 100), after a pause: asked as known
    # on the instant the loader prints between the two, the flows show them as first awarded (before amendments,
    # cancellations, agreements and payments), which "as known on" exists to show.
    later = LATER if d.year >= 2025 else 0
    roll = rng.random()
    regrant = g["key"].startswith("regrant/")
    if not regrant and roll < 0.04 and d < date(2026, 1, 1):
        emit(12 + later, "POST", f"{path}/cancellation", f'If-Match: W/"{version}"',
             {"cancelledOn": day_between(d + timedelta(days=10), d + timedelta(days=120)).isoformat(), "reason": "Projet abandonné par le porteur"})
        stats["cancellations"] += 1
        continue
    if not regrant and roll < 0.20 and d.year == 2025:
        continue  # decided, agreement not signed yet
    signed = day_between(d + timedelta(days=7), d + timedelta(days=45))
    emit(5 + later, "POST", f"{path}/agreement", f'If-Match: W/"{version}"', {"signedOn": signed.isoformat()})
    version += 1
    stats["agreements"] += 1
    parts = [[f, a] for f, _, a in g["funders"]]
    if not regrant and rng.random() < 0.06:
        factor = rng.choice([0.8, 0.9, 1.1, 1.2])
        parts = [[f, round(a * factor, 2)] for f, a in parts]
        amended_on = day_between(signed + timedelta(days=20), signed + timedelta(days=200))
        amendment = {"amount": round(sum(a for _, a in parts), 2), "reason": "Avenant : révision du budget du projet" if factor > 1 else "Sous-réalisation du projet",
                     "amendedOn": amended_on.isoformat(), "funders": [{"funderId": actor(f), "amount": a} for f, a in parts]}
        # A raise is held to the programme's rules on its own day; a rule the award already set aside stays set aside.
        if factor > 1 and g["programme"]:
            award_broken = broken_rules(g["recipient"], g["programme"], d)
            if broken := [r for r in broken_rules(g["recipient"], g["programme"], amended_on) if r not in award_broken]:
                amendment["derogation"] = derogation(broken)
                stats["derogations"] += 1
        emit(6 + later, "POST", f"{path}/amendments", f'If-Match: W/"{version}"', amendment)
        version += 1
        stats["amendments"] += 1
    # Payments: half at signature, the balance about a year later when that day has come; each funder pays its own part.
    # Each payment moves the version the next one names, so each takes its own phase (7 to 10).
    instalments = [signed + timedelta(days=rng.randrange(5, 40)), signed + timedelta(days=rng.randrange(300, 420))]
    phase = 7
    for n, when in enumerate(instalments):
        if when > LAST_DAY:
            break
        for f, a in parts:
            first = round(a * 0.5, 2)
            emit(phase + later, "POST", f"{path}/disbursements", f'If-Match: W/"{version}"',
                 {"funderId": actor(f), "amount": first if n == 0 else round(a - first, 2), "paidOn": when.isoformat()})
            version += 1
            phase += 1
            stats["payments"] += 1
    if phase == 7 + 2 * len(parts) and d.year == 2023:
        emit(11 + later, "POST", f"{path}/closure", f'If-Match: W/"{version}"', {"closedOn": (instalments[-1] + timedelta(days=30)).isoformat()})
        stats["closures"] += 1

# The regrant ceiling, as the service checks it: an intermediary's parts in a fund's children (after their amendments)
# never add up to more than the fund.
final_parts = {}  # (grant id, funder) -> its part once amended
for line in lines:
    phase, method, path, header, body = line.split("\t")
    body = json.loads(body)
    if path == "/api/funding/grants":
        gid = keyed_id("socialtech:grants:", header.split(": ", 1)[1])
        for f in body["funders"]:
            final_parts[(gid, f["funderId"])] = f["amount"]
        final_parts[(gid, "parent")] = body.get("parentGrantId")
    elif path.endswith("/amendments"):
        gid = path.split("/")[4]
        for f in body["funders"]:
            final_parts[(gid, f["funderId"])] = f["amount"]
for name, (_, _, total, _) in INTERMEDIARIES.items():
    parent = grant_id(f"regrant/{name}")
    children = [gid for (gid, k), v in final_parts.items() if k == "parent" and v == parent]
    parts = sum(final_parts[(gid, actor(name))] for gid in children)
    assert parts <= total, f"the children of {name}'s fund take {parts} out of {total}"

# Phases: 1 funders, 2 programmes, 3 grants, 4 regranted grants (their parents exist), 5 agreements, 6 amendments,
# 7-10 payments, 11 closures, 12 cancellations; the same plus 100 for the grants decided in 2025, which the loader sends
# after a pause (a second load, later in time). Within a phase no two requests touch the same grant, so the loader
# may send a phase's requests concurrently.
with open(os.path.join(HERE, "funding-requests.tsv"), "w", encoding="utf-8", newline="\n") as f:
    f.write("# Generated by funding-data.py: do not edit by hand. phase\tmethod\tpath\theader\tbody\n")
    for line in sorted(lines, key=lambda l: int(l.split("\t", 1)[0])):
        f.write(line + "\n")
print(stats, "requests:", len(lines))
