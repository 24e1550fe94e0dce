#!/usr/bin/env python3
"""Builds the Actors service's territory referential from the INSEE/DGCL/ANCT open-data files.

Usage: tools/territory/build_referential.py [SOURCE_DIR] --decoupage PACKAGE [--out FILE]

SOURCE_DIR defaults to ../shared/reference/territory relative to the repository root; PACKAGE is the npm package
@etalab/decoupage-administratif 6.0.0, as `npm pack @etalab/decoupage-administratif@6.0.0` downloads it (the
.tgz) or extracted (the folder holding data/communes.json); its SHA-256 is checked. The output defaults to
services/Actors/Actors.Territories/Data/cog-2025.json.gz. The output is deterministic (sorted keys and rows,
gzip without a timestamp) so that a rebuild from the same files leaves git clean. Everything the build had to
approximate or could not join is printed at the end, and the same report is kept inside the file under "notes".
Standard library only: the build must run wherever Python 3 does.
"""

import argparse
import csv
import gzip
import hashlib
import json
import sys
import tarfile
from collections import defaultdict
from pathlib import Path

VINTAGE = 2025
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "reference" / "territory"
DEFAULT_OUT = REPO_ROOT / "services" / "Actors" / "Actors.Territories" / "Data" / f"cog-{VINTAGE}.json.gz"

LICENCE = "Licence Ouverte / Etalab 2.0"

SOURCES = [
    ("v_commune_2025.csv", "INSEE", "Code officiel géographique, communes", "1 January 2025"),
    ("v_departement_2024.csv", "INSEE", "Code officiel géographique, départements (unchanged in 2025)", "1 January 2024"),
    ("v_region_2024.csv", "INSEE", "Code officiel géographique, régions (unchanged in 2025)", "1 January 2024"),
    ("epcicom2025.csv", "DGCL", "EPCI à fiscalité propre et leurs communes membres", "1 January 2025"),
    ("donnees_communes_PL2023_geo2025.csv", "INSEE", "Populations légales 2023, géographie 2025", "2023 census"),
    ("donnees_communes_mayotte_PL2017.csv", "INSEE", "Populations légales de Mayotte", "2017 census"),
    ("grille_densite_7_niveaux_2024.csv", "INSEE", "Grille communale de densité à 7 niveaux, géographie 2024", "2024"),
    ("qpv_2024_liste.csv", "ANCT", "Quartiers prioritaires de la politique de la ville", "list in force since 1 January 2024"),
    ("liste-communes-FRR-juillet2025.csv", "ANCT", "Classement France Ruralités Revitalisation", "10 July 2025"),
]

# The SIREN of each commune. Nothing in a commune's SIREN encodes its COG code (Amiens is 218000198 and 80021;
# Dzaoudzi, Mayotte, is 200008795), so the correspondence comes from a published table: the communes of Etalab's
# decoupage-administratif, which takes it from the DGCL's EPCI composition (and its own list for the island communes
# in no EPCI). Pinned to one release: the build refuses any other bytes, so that a rebuild from the same inputs
# gives the same file. Its data are under the Licence Ouverte (its code under MIT).
DECOUPAGE = {
    "package": "@etalab/decoupage-administratif",
    "version": "6.0.0",
    "tarball": "etalab-decoupage-administratif-6.0.0.tgz",
    "tarballSha256": "c189ffd5b33fe40c2f19e1a923ce557f190622f39228745d3195d746dfe00c4a",
    "member": "package/data/communes.json",
    "memberSha256": "6cafec09b4e127d08edc47f366b28261bee70cca323fbfcb957dd169fcad9284",
}

# The file's labels, read as codes the API can carry. A label missing here stops the build rather than
# shipping an unknown classification.
FRR_CODES = {
    "Non classée": "not-classified",
    "FRR socle": "frr",
    "FRR+": "frr-plus",
    "FRR bénéficiaire": "frr-beneficiary",
    "Classée FRR partiellement": "frr-partial",
    "FRR bénéficiaire partiellement": "frr-beneficiary-partial",
}

FORMER_KINDS = {"ARM": "arrondissement", "COMD": "commune-deleguee", "COMA": "commune-associee"}

EPCI_NATURES = {"CC", "CA", "CU", "METRO", "MET69"}

# Communes are written as rows of values in this order rather than as objects: a third of the size, and the
# service reads them with a plain array reader, which keeps start-up short. The file names the columns, and the
# service checks them before reading a row.
COMMUNE_COLUMNS = ["code", "name", "departement", "epci", "populationMunicipal", "populationTotal", "populationYear",
                   "density", "frr", "siren"]


def read(source: Path, name: str, delimiter: str = ","):
    with open(source / name, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_decoupage_communes(package: Path):
    """The communes.json of the pinned decoupage-administratif release, from its tarball or an extracted copy."""
    if package.is_file():
        if sha256(package) != DECOUPAGE["tarballSha256"]:
            sys.exit(f"{package} is not {DECOUPAGE['tarball']} (SHA-256 {DECOUPAGE['tarballSha256']})")
        with tarfile.open(package, "r:gz") as tar:
            data = tar.extractfile(DECOUPAGE["member"]).read()
    else:
        # An extracted copy: the folder npm made (package/) or the one above it.
        candidates = [package / "data" / "communes.json", package / DECOUPAGE["member"]]
        found = next((c for c in candidates if c.is_file()), None)
        if found is None:
            sys.exit(f"{package} holds no data/communes.json")
        data = found.read_bytes()
    if hashlib.sha256(data).hexdigest() != DECOUPAGE["memberSha256"]:
        sys.exit(f"{DECOUPAGE['member']} differs from the one in {DECOUPAGE['tarball']} (SHA-256 {DECOUPAGE['memberSha256']})")
    return json.loads(data)


def build(source: Path, package: Path):
    notes = {}

    communes = {}
    former = {}
    for r in read(source, "v_commune_2025.csv"):
        if r["TYPECOM"] == "COM":
            communes[r["COM"]] = {"code": r["COM"], "name": r["LIBELLE"], "departement": r["DEP"], "region": r["REG"]}
        else:
            former.setdefault(r["COM"], []).append(r)

    former_codes = []
    for code, rows in sorted(former.items()):
        for r in rows:
            parent = r["COMPARENT"]
            if parent not in communes:
                sys.exit(f"{r['TYPECOM']} {code} names parent {parent}, which is no commune in {VINTAGE}")
            # A commune nouvelle usually keeps the code of one of its communes déléguées: that code already
            # resolves to the current commune, so only codes that differ from their parent are kept.
            if code != parent:
                former_codes.append({"code": code, "kind": FORMER_KINDS[r["TYPECOM"]], "name": r["LIBELLE"], "commune": parent})
    former_to_current = {f["code"]: f["commune"] for f in former_codes}

    regions = [
        {"code": r["REG"], "name": r["LIBELLE"], "chefLieu": r["CHEFLIEU"]}
        for r in read(source, "v_region_2024.csv")
    ]
    departements = [
        {"code": r["DEP"], "name": r["LIBELLE"], "region": r["REG"], "chefLieu": r["CHEFLIEU"]}
        for r in read(source, "v_departement_2024.csv")
    ]
    region_codes = {r["code"] for r in regions}
    dep_by_code = {d["code"]: d for d in departements}
    for d in departements:
        if d["region"] not in region_codes:
            sys.exit(f"département {d['code']} names unknown région {d['region']}")
    for c in communes.values():
        dep = dep_by_code.get(c["departement"])
        if dep is None or dep["region"] != c["region"]:
            sys.exit(f"commune {c['code']} has département {c['departement']} / région {c['region']} not in the département file")
        del c["region"]  # derived from the département at load time: one source for each fact

    # EPCI composition.
    epcis = {}
    members = defaultdict(list)
    for r in read(source, "epcicom2025.csv"):
        siren = r["siren"]
        if r["nature_juridique"] not in EPCI_NATURES:
            sys.exit(f"EPCI {siren} has unknown nature {r['nature_juridique']}")
        epcis[siren] = {"siren": siren, "name": r["raison_sociale"], "nature": r["nature_juridique"],
                        "members": int(r["nb_membres"])}
        commune = communes.get(r["insee"])
        if commune is None:
            sys.exit(f"EPCI {siren} lists member {r['insee']}, which is no commune in {VINTAGE}")
        if "epci" in commune:
            sys.exit(f"commune {r['insee']} is in two EPCIs: {commune['epci']} and {siren}")
        commune["epci"] = siren
        members[siren].append(r["insee"])
    for siren, e in epcis.items():
        if len(members[siren]) != e.pop("members"):
            sys.exit(f"EPCI {siren}: nb_membres does not match its rows")
    notes["communesWithoutEpci"] = sorted(c for c, v in communes.items() if "epci" not in v)

    # Populations: PLM appear as arrondissements, summed into their commune; Mayotte comes from its 2017 file.
    population = defaultdict(lambda: [0, 0])
    population_year = {}
    for r in read(source, "donnees_communes_PL2023_geo2025.csv", ";"):
        code = former_to_current.get(r["COM"], r["COM"])
        if code not in communes:
            sys.exit(f"population row {r['COM']} maps to no commune")
        population[code][0] += int(r["PMUN"])
        population[code][1] += int(r["PTOT"])
        population_year[code] = 2023
    for r in read(source, "donnees_communes_mayotte_PL2017.csv", ";"):
        code = "976" + r["CODCOM"][-2:]
        if code not in communes:
            sys.exit(f"Mayotte population row {r['CODCOM']} maps to no commune")
        population[code][0] += int(r["PMUN"])
        population[code][1] += int(r["PTOT"])
        population_year[code] = 2017
    missing = sorted(c for c in communes if c not in population)
    if missing:
        sys.exit(f"communes without population: {missing}")
    for code, c in communes.items():
        c["populationMunicipal"], c["populationTotal"] = population[code]
        c["populationYear"] = population_year[code]

    # Density grid, 2024 geography. A 2024 code either is a 2025 commune or became a commune déléguée/associée
    # of one; a 2025 commune formed from several 2024 communes takes the level of its most populous
    # predecessor (INSEE classifies from a 1 km² grid we do not have, so this is an approximation, listed below).
    density_labels = {}
    predecessors = defaultdict(list)
    unmapped = []
    for r in read(source, "grille_densite_7_niveaux_2024.csv"):
        level = int(r["DENS"])
        density_labels[level] = r["LIBDENS"]
        code = r["CODGEO"]
        current = code if code in communes else former_to_current.get(code)
        if current is None:
            unmapped.append({"code": code, "name": r["LIBGEO"], "density": level})
            continue
        predecessors[current].append((int(r["PMUN21"] or 0), code, level))
    merged = []
    for code, found in predecessors.items():
        found.sort(key=lambda p: (-p[0], p[1]))
        communes[code]["density"] = found[0][2]
        if len({p[2] for p in found}) > 1:
            merged.append({"commune": code, "from": [p[1] for p in found], "levels": [p[2] for p in found],
                           "kept": found[0][2]})
    notes["densityCodesNotIn2025"] = unmapped
    notes["densityMergedWithDifferentLevels"] = sorted(merged, key=lambda m: m["commune"])
    notes["communesWithoutDensity"] = sorted(c for c, v in communes.items() if "density" not in v)

    # QPV: communes are ';'-joined, on the 2024 geography.
    qpvs = []
    qpv_outside = []
    for r in read(source, "qpv_2024_liste.csv"):
        located = []
        for raw in r["insee_com"].split(";"):
            code = raw.strip()
            current = code if code in communes else former_to_current.get(code)
            if current is None:
                qpv_outside.append({"qpv": r["code_qp"], "commune": code, "name": r["lib_com"]})
            elif current not in located:
                located.append(current)
        if located:
            qpvs.append({"code": r["code_qp"], "name": r["lib_qp"], "communes": located})
    notes["qpvCommunesOutsideReferential"] = qpv_outside

    for r in read(source, "liste-communes-FRR-juillet2025.csv", ";"):
        code = r["Code_insee"]
        label = r["Classement FRR et FRR+ au 10 juillet 2025"].strip()
        if label not in FRR_CODES:
            sys.exit(f"unknown FRR classification '{label}' for {code}")
        if code not in communes:
            sys.exit(f"FRR row {code} is no commune in {VINTAGE}")
        communes[code]["frr"] = FRR_CODES[label]
    missing = sorted(c for c in communes if "frr" not in communes[c])
    if missing:
        sys.exit(f"communes without FRR classification: {missing}")

    # SIREN, joined by commune code on the package's current communes. Its release is the 2026 geography: a 2025
    # commune that is no current commune there, or a SIREN given to two communes, stops the build rather than
    # ship a guess. The DGCL's own member SIRENs (epcicom2025.csv, siren_membre) must agree wherever both exist.
    renamed = []
    seen = {}
    for row in read_decoupage_communes(package):
        if row.get("type") != "commune-actuelle" or row["code"] not in communes:
            continue
        commune = communes[row["code"]]
        siren = row.get("siren")
        if siren is None or len(siren) != 9 or not siren.isdigit():
            sys.exit(f"decoupage-administratif gives commune {row['code']} no SIREN ({siren!r})")
        if siren in seen:
            sys.exit(f"SIREN {siren} is given to communes {seen[siren]} and {row['code']}")
        seen[siren] = row["code"]
        commune["siren"] = siren
        if row["nom"] != commune["name"]:
            renamed.append({"commune": row["code"], "cog2025": commune["name"], "decoupage": row["nom"]})
    missing = sorted(c for c in communes if "siren" not in communes[c])
    if missing:
        sys.exit(f"communes without a SIREN in decoupage-administratif {DECOUPAGE['version']}: {missing}")
    for r in read(source, "epcicom2025.csv"):
        if r["siren_membre"] != communes[r["insee"]]["siren"]:
            sys.exit(f"commune {r['insee']}: SIREN {communes[r['insee']]['siren']} in decoupage-administratif, "
                     f"{r['siren_membre']} in epcicom2025.csv")
    # Same code, same commune, renamed on 1 January 2026: the COG 2025 name is kept.
    notes["sirenSourceNamesDiffer"] = sorted(renamed, key=lambda r: r["commune"])

    return {
        "vintage": VINTAGE,
        "licence": LICENCE,
        "attribution": "Source : INSEE, Code officiel géographique 2025 et populations légales 2023 (Mayotte 2017), "
                       "grille communale de densité 2024 ; DGCL, EPCI au 1er janvier 2025 ; "
                       "ANCT, QPV 2024 et classement FRR au 10 juillet 2025 ; "
                       "Etalab, découpage administratif 6.0.0 (SIREN des communes).",
        "sources": [
            {"file": f, "publisher": p, "title": t, "asOf": a, "sha256": sha256(source / f), "licence": LICENCE}
            for f, p, t, a in SOURCES
        ] + [
            {"file": f"{DECOUPAGE['tarball']} ({DECOUPAGE['member']}, SHA-256 {DECOUPAGE['memberSha256']})",
             "publisher": "Etalab (DINUM)",
             "title": f"npm package {DECOUPAGE['package']} {DECOUPAGE['version']}: SIREN of each commune; "
                      f"fetched with `npm pack {DECOUPAGE['package']}@{DECOUPAGE['version']}`",
             "asOf": "geography 1 January 2026, joined on the 2025 commune codes",
             "sha256": DECOUPAGE["tarballSha256"],
             "licence": f"{LICENCE} (data; the package's code is under MIT)"},
        ],
        "densityLevels": [{"level": k, "label": v} for k, v in sorted(density_labels.items())],
        "regions": sorted(regions, key=lambda r: r["code"]),
        "departements": sorted(departements, key=lambda d: d["code"]),
        "epcis": sorted(epcis.values(), key=lambda e: e["siren"]),
        "communeColumns": COMMUNE_COLUMNS,
        "communes": [[c.get(k) for k in COMMUNE_COLUMNS] for c in sorted(communes.values(), key=lambda c: c["code"])],
        "formerCodes": sorted(former_codes, key=lambda f: (f["code"], f["commune"])),
        "qpvs": sorted(qpvs, key=lambda q: q["code"]),
        "notes": notes,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--decoupage", type=Path, required=True,
                        help=f"{DECOUPAGE['tarball']} (from `npm pack {DECOUPAGE['package']}@{DECOUPAGE['version']}`) or its extracted folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()

    data = build(args.source, args.decoupage)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
        gz.write(payload)

    notes = data["notes"]
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes; {len(payload):,} uncompressed)")
    print(f"  {len(data['regions'])} régions, {len(data['departements'])} départements, {len(data['epcis'])} EPCI, "
          f"{len(data['communes'])} communes, {len(data['formerCodes'])} former codes, {len(data['qpvs'])} QPV")
    print(f"  communes without EPCI: {', '.join(notes['communesWithoutEpci'])}")
    print(f"  density grid codes mapped to no 2025 commune (absorbed without a commune déléguée): "
          f"{', '.join(u['code'] + ' ' + u['name'] for u in notes['densityCodesNotIn2025'])}")
    print(f"  2025 communes merged from 2024 communes of different density levels (most populous kept): "
          f"{len(notes['densityMergedWithDifferentLevels'])}")
    print(f"  communes without a density level: {', '.join(notes['communesWithoutDensity'])}")
    print(f"  communes with their SIREN from {DECOUPAGE['package']} {DECOUPAGE['version']}: {len(data['communes'])}; "
          f"named otherwise there (renamed in 2026, COG 2025 name kept): {len(notes['sirenSourceNamesDiffer'])}")
    print(f"  QPV communes outside the referential: "
          f"{', '.join(sorted({q['commune'] + ' ' + q['name'] for q in notes['qpvCommunesOutsideReferential']}))}")


if __name__ == "__main__":
    main()
