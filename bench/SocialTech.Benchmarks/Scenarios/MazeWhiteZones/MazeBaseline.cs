using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SocialTech.Actors.Territories;
using SocialTech.Benchmarks.Scenarios.FundingFlows;

namespace SocialTech.Benchmarks.Scenarios.MazeWhiteZones;

/// <summary>
/// The physical baseline of the maze and the white zones: the same facts as plain columns in flat indexed tables
/// (<c>maze.*</c>, copied once from Funding's documents so that both sides read the same rows, as
/// <c>FlatBaseline</c> does for the flows; territories from <c>flat.communes</c>, money from <c>maze.flow_rows</c>, the current flow rows not cancelled),
/// and for each question one SQL statement written by hand, answering the whole question in the database.
/// </summary>
public static class MazeBaseline
{
    /// <summary>Bumped when the flat tables change: a kept database gets them rebuilt (not its million grants).</summary>
    public const int Version = 3;

    /// <param name="referential">Where <c>maze.commune_support</c> (FRR class, density level, QPV count) is read from, as <c>flat.communes</c> is.</param>
    public static async Task BuildAsync(string connectionString, TerritoryReferential referential, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(referential);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            DROP SCHEMA IF EXISTS maze CASCADE;
            CREATE SCHEMA maze;
            CREATE TABLE maze.actors AS
            SELECT id, data->>'Name' AS name, data->>'Status' AS status,
                   ARRAY(SELECT jsonb_array_elements_text(data->'Kinds')) AS kinds, data->'HeadOffice'->>'Code' AS commune
            FROM funding.mt_doc_directoryactor;
            ALTER TABLE maze.actors ADD PRIMARY KEY (id);
            CREATE TABLE maze.relays AS
            SELECT id, (data->>'ActorId')::uuid AS actor_id, data->>'Status' AS status, (data->>'IncludesPlaces')::boolean AS includes_places,
                   coalesce((data->>'IncludesHubs')::boolean, false) AS includes_hubs,
                   ARRAY(SELECT jsonb_array_elements_text(data->'ForKinds')) AS for_kinds,
                   ARRAY(SELECT jsonb_array_elements_text(data->'TerritoryKeys')) AS keys
            FROM funding.mt_doc_knownrelay;
            CREATE INDEX ON maze.relays USING gin (keys) WHERE status = 'active';
            CREATE INDEX ON maze.relays (actor_id) WHERE status = 'active' AND includes_places;
            CREATE TABLE maze.places AS
            SELECT p.id, (p.data->>'OperatorActorId')::uuid AS operator_id, p.data->>'Status' AS status, c.code AS commune, c.epci
            FROM funding.mt_doc_knownplace p JOIN flat.communes c ON c.code = p.data->'Commune'->>'Code';
            CREATE INDEX ON maze.places (commune) WHERE status = 'open';
            CREATE INDEX ON maze.places (epci) WHERE status = 'open';
            CREATE TABLE maze.hubs AS
            SELECT h.id, (h.data->>'HeadActorId')::uuid AS head_id, h.data->>'Status' AS status, (h.data->>'OpenedOn')::date AS opened_on,
                   (h.data->>'ClosedOn')::date AS closed_on, c.code AS commune, c.epci
            FROM funding.mt_doc_knownhub h JOIN flat.communes c ON c.code = h.data->>'CommuneCode';
            CREATE TABLE maze.commune_support (code text PRIMARY KEY, frr text NOT NULL, density int, qpv_count int NOT NULL);
            CREATE TABLE maze.programmes AS
            SELECT id, data->>'Name' AS name, data->>'Status' AS status, (data->>'OpensOn')::date AS opens_on, (data->>'ClosesOn')::date AS closes_on,
                   (data->>'RetiredOn')::date AS retired_on,
                   ARRAY(SELECT jsonb_array_elements_text(data->'EligibleTerritories')) AS territories,
                   ARRAY(SELECT jsonb_array_elements_text(data->'BeneficiaryKinds')) AS kinds,
                   ARRAY(SELECT (jsonb_array_elements_text(data->'Funders'))::uuid) AS funders,
                   ARRAY(SELECT (jsonb_array_elements_text(data->'InstructingBodies'))::uuid) AS instructing
            FROM funding.mt_doc_programmedetails;
            CREATE INDEX ON maze.programmes USING gin (territories);
            CREATE TABLE maze.labels AS
            SELECT id, (data->>'SchemeId')::uuid AS scheme_id, data->>'HolderKind' AS holder_kind, data->>'HolderTerritory' AS holder_territory,
                   (data->>'ValidFrom')::date AS valid_from, (data->>'ValidUntil')::date AS valid_until, data->>'Status' AS status,
                   (data->>'RenewedByLabelId')::uuid AS renewed_by
            FROM funding.mt_doc_knownlabel;
            CREATE INDEX ON maze.labels (scheme_id, holder_kind, holder_territory);
            CREATE TABLE maze.applications AS
            SELECT id, (data->>'SchemeId')::uuid AS scheme_id, data->>'HolderKind' AS holder_kind, data->>'HolderTerritory' AS holder_territory,
                   (data->>'RenewsLabelId')::uuid AS renews, data->>'Status' AS status
            FROM funding.mt_doc_knownlabelapplication;
            -- The money as it is known now (the current version of each flow row), not cancelled: a DBA's flat table of
            -- current awards, by département and decision date.
            CREATE TABLE maze.flow_rows AS
            SELECT (data->>'GrantId')::uuid AS grant_id,
                   (SELECT substr(k, 13) FROM jsonb_array_elements_text(data->'LocationKeys') k WHERE k LIKE 'departement:%' LIMIT 1) AS dep,
                   (data->>'DecisionDate')::date AS decision_date, (data->>'Awarded')::numeric AS awarded
            FROM funding.mt_doc_grantflowrow WHERE known_until IS NULL AND NOT (data->>'Cancelled')::boolean AND (data->>'Awarded')::numeric <> 0;
            CREATE INDEX ON maze.flow_rows (decision_date, dep);
            ANALYZE maze.flow_rows;
            CREATE TABLE maze.version AS SELECT {Version} AS version;
            ANALYZE maze.actors; ANALYZE maze.relays; ANALYZE maze.places; ANALYZE maze.hubs; ANALYZE maze.programmes; ANALYZE maze.labels; ANALYZE maze.applications;
            """, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);

        var current = referential.Current;
        await using (var import = await connection.BeginBinaryImportAsync("COPY maze.commune_support FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var code in GrantDataset.RegionCodes.SelectMany(r => current.CommuneCodesUnder(TerritoryLevel.Region, r)))
            {
                if (!current.TryGetCommune(code, out var c))
                {
                    continue;
                }

                await import.StartRowAsync(ct);
                await import.WriteAsync(c.Code, NpgsqlDbType.Text, ct);
                await import.WriteAsync(c.Frr == FrrClassification.NotClassified ? "not-classified" : c.Frr.ToString(), NpgsqlDbType.Text, ct);
                await import.WriteAsync((object?)c.Density ?? DBNull.Value, NpgsqlDbType.Integer, ct);
                await import.WriteAsync(c.Qpvs.Count, NpgsqlDbType.Integer, ct);
            }

            await import.CompleteAsync(ct);
        }

        await using var analyze = new NpgsqlCommand("ANALYZE maze.commune_support", connection);
        await analyze.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Support white zones of France on a day, by département: rural communes (FRR in any class, or density level 5 to 7)
    /// and communes with a QPV, that no active relay offer of an active actor covers (naming the commune, its EPCI,
    /// département or région), with no relay point in the commune or its EPCI (an open place of an offer including
    /// places, an open hub of a network whose head's offer includes hubs), no open hub and no open place in the commune.
    /// Places carry no days in this dataset: open is their status. Key → (white communes, their population).
    /// </summary>
    public static async Task<Dictionary<string, (int Communes, long Population)>> SupportZonesAsync(NpgsqlDataSource source, DateOnly on, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var command = source.CreateCommand("""
            WITH offers AS MATERIALIZED (SELECT r.* FROM maze.relays r JOIN maze.actors a ON a.id = r.actor_id AND a.status = 'active' WHERE r.status = 'active'),
            named AS MATERIALIZED (SELECT DISTINCT k FROM offers, unnest(offers.keys) k),
            open_hubs AS MATERIALIZED (SELECT * FROM maze.hubs
                          WHERE opened_on <= $1 AND CASE WHEN closed_on IS NULL THEN status = 'open' ELSE closed_on >= $1 END),
            points AS MATERIALIZED (SELECT pl.commune, pl.epci FROM maze.places pl
                       WHERE pl.status = 'open' AND EXISTS (SELECT 1 FROM offers o WHERE o.actor_id = pl.operator_id AND o.includes_places)
                       UNION
                       SELECT h.commune, h.epci FROM open_hubs h
                       WHERE EXISTS (SELECT 1 FROM offers o WHERE o.actor_id = h.head_id AND o.includes_hubs))
            SELECT 'departement:' || c.departement, count(*)::int, sum(c.population)::bigint
            FROM flat.communes c JOIN maze.commune_support s ON s.code = c.code
            WHERE (s.frr <> 'not-classified' OR s.density BETWEEN 5 AND 7 OR s.qpv_count > 0)
              -- One anti-join per key, not an IN or an OR: each is a hash anti-join (the IN form took over 30 s).
              AND NOT EXISTS (SELECT 1 FROM named WHERE named.k = 'commune:' || c.code)
              AND NOT EXISTS (SELECT 1 FROM named WHERE named.k = 'epci:' || c.epci)
              AND NOT EXISTS (SELECT 1 FROM named WHERE named.k = 'departement:' || c.departement)
              AND NOT EXISTS (SELECT 1 FROM named WHERE named.k = 'region:' || c.region)
              AND NOT EXISTS (SELECT 1 FROM points p WHERE p.commune = c.code)
              AND NOT EXISTS (SELECT 1 FROM points p WHERE p.epci = c.epci)
              AND NOT EXISTS (SELECT 1 FROM open_hubs h WHERE h.commune = c.code)
              AND NOT EXISTS (SELECT 1 FROM maze.places pl WHERE pl.status = 'open' AND pl.commune = c.code)
            GROUP BY c.departement ORDER BY 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = on });
        var result = new Dictionary<string, (int, long)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetString(0)] = (reader.GetInt32(1), reader.GetInt64(2));
        }

        return result;
    }

    /// <summary>One maze answer as the baseline computes it: the figures a check compares with the API's.</summary>
    /// <param name="Programmes">Ids of the programmes open to the asker, soonest deadline first, then by name.</param>
    /// <param name="Relays">Relay actor ids with their rank (0 commune … 3 région), nearest first.</param>
    public sealed record MazeFigures(int ProgrammeCount, int Funders, int InstructingBodies, int RelayCount, IReadOnlyList<Guid> Programmes, IReadOnlyList<(Guid Id, int Rank)> Relays);

    /// <summary>
    /// The maze for a profile in one statement: the commune's keys, the programmes open on the day in its perimeter
    /// for one of the kinds (a programme naming no kind is open to all), their distinct funders and instructing
    /// bodies with names, and the relays covering it (an offer naming one of its territories, or an open place in its
    /// commune or EPCI of an offer that includes places), nearest first, only those whose actor is active.
    /// </summary>
    public static async Task<MazeFigures> MazeAsync(NpgsqlDataSource source, string commune, string[] kinds, DateOnly day, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var command = source.CreateCommand("""
            WITH c AS (SELECT code, epci, array_remove(ARRAY['commune:' || code, 'epci:' || epci, 'departement:' || departement, 'region:' || region], NULL) AS keys
                       FROM flat.communes WHERE code = $1),
            p AS (SELECT p.id, p.name, p.closes_on, p.funders, p.instructing FROM maze.programmes p, c
                  WHERE p.territories && c.keys AND p.status = 'published' AND p.opens_on <= $3 AND (p.closes_on IS NULL OR p.closes_on >= $3)
                    AND (cardinality(p.kinds) = 0 OR p.kinds && $2)),
            reach AS (
                SELECT r.actor_id, min(CASE split_part(k, ':', 1) WHEN 'commune' THEN 0 WHEN 'epci' THEN 1 WHEN 'departement' THEN 2 ELSE 3 END) AS rank
                FROM maze.relays r, c, unnest(r.keys) k
                WHERE r.status = 'active' AND r.keys && c.keys AND r.for_kinds && $2 AND k = ANY (c.keys) GROUP BY r.actor_id
                UNION ALL
                SELECT r.actor_id, min(CASE WHEN pl.commune = c.code THEN 0 ELSE 1 END)
                FROM c JOIN maze.places pl ON pl.status = 'open' AND (pl.commune = c.code OR pl.epci = c.epci)
                JOIN maze.relays r ON r.actor_id = pl.operator_id AND r.status = 'active' AND r.includes_places AND r.for_kinds && $2
                GROUP BY r.actor_id),
            relays AS (SELECT a.id, a.name, min(reach.rank) AS rank FROM reach JOIN maze.actors a ON a.id = reach.actor_id AND a.status = 'active' GROUP BY a.id, a.name),
            named AS (SELECT p.id, p.name, p.closes_on,
                             (SELECT json_agg(json_build_object('id', a.id, 'name', a.name)) FROM maze.actors a WHERE a.id = ANY (p.funders)) AS funders,
                             (SELECT json_agg(json_build_object('id', a.id, 'name', a.name)) FROM maze.actors a WHERE a.id = ANY (p.instructing)) AS instructing
                      FROM p)
            SELECT (SELECT count(*) FROM p)::int,
                   (SELECT count(DISTINCT f) FROM p, unnest(p.funders) f)::int,
                   (SELECT count(DISTINCT i) FROM p, unnest(p.instructing) i)::int,
                   (SELECT count(*) FROM relays)::int,
                   (SELECT json_agg(json_build_object('id', id, 'name', name, 'closesOn', closes_on, 'funders', funders, 'instructing', instructing)
                                    ORDER BY closes_on NULLS LAST, name, id) FROM named),
                   (SELECT json_agg(json_build_object('id', id, 'name', name, 'rank', rank) ORDER BY rank, name, id) FROM relays)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = commune });
        command.Parameters.Add(new NpgsqlParameter { Value = kinds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = day });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var programmes = reader.IsDBNull(4) ? [] : JsonDocument.Parse(reader.GetString(4)).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToArray();
        var relays = reader.IsDBNull(5) ? [] : JsonDocument.Parse(reader.GetString(5)).RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("id").GetGuid(), e.GetProperty("rank").GetInt32())).ToArray();
        return new MazeFigures(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), programmes, relays);
    }

    /// <summary>Money per inhabitant of every département of France over the period, zeros included: key → (population, awarded, grants).</summary>
    public static async Task<Dictionary<string, (long Population, decimal Awarded, int Grants)>> MoneyAsync(NpgsqlDataSource source, DateOnly from, DateOnly to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var command = source.CreateCommand("""
            WITH d AS (SELECT departement AS code, sum(population) AS population FROM flat.communes GROUP BY 1),
            g AS (SELECT dep, grant_id, sum(awarded) AS a FROM maze.flow_rows
                  WHERE decision_date BETWEEN $1 AND $2 AND dep IS NOT NULL GROUP BY 1, 2),
            m AS (SELECT dep, sum(a) AS total, count(*) AS grants FROM g GROUP BY 1)
            SELECT 'departement:' || d.code, d.population, coalesce(m.total, 0), coalesce(m.grants, 0)::int,
                   round(coalesce(m.total, 0) / nullif(d.population, 0), 2) AS per_inhabitant
            FROM d LEFT JOIN m ON m.dep = d.code
            ORDER BY per_inhabitant NULLS LAST, 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        var result = new Dictionary<string, (long, decimal, int)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetString(0)] = (reader.GetInt64(1), reader.GetDecimal(2), reader.GetInt32(3));
        }

        return result;
    }

    /// <summary>
    /// Funding white zones of France over the period: départements where a programme open during the period is
    /// eligible to an active actor with its head office there (in its perimeter, with one of its kinds; an empty list of
    /// kinds restricts nothing) and no award was made: key → the programmes' ids. An empty perimeter reaches no one, as
    /// in the maze: the API never publishes one; only the flows dataset's programmes, written as events, have none.
    /// </summary>
    public static async Task<Dictionary<string, HashSet<Guid>>> FundingZonesAsync(NpgsqlDataSource source, DateOnly from, DateOnly to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var command = source.CreateCommand("""
            WITH ck AS (SELECT DISTINCT a.commune, kind FROM maze.actors a, unnest(a.kinds || '*'::text) kind WHERE a.status = 'active'),
            ak AS (SELECT DISTINCT c.departement AS dep, k AS key, ck.kind
                   FROM ck JOIN flat.communes c ON c.code = ck.commune,
                        unnest(ARRAY['commune:' || c.code, 'epci:' || c.epci, 'departement:' || c.departement, 'region:' || c.region]) k
                   WHERE k IS NOT NULL),
            open AS (SELECT id, name,
                            territories AS t,
                            CASE WHEN cardinality(kinds) = 0 THEN ARRAY['*'] ELSE kinds END AS ks,
                            CASE WHEN status = 'retired' AND retired_on IS NOT NULL AND (closes_on IS NULL OR retired_on <= closes_on)
                                 THEN retired_on - 1 ELSE closes_on END AS last_day, opens_on
                     FROM maze.programmes),
            eligible AS (SELECT DISTINCT ak.dep, o.id
                         FROM open o, unnest(o.t) AS pk(key), unnest(o.ks) AS pkind(kind), ak
                         WHERE o.opens_on <= $2 AND (o.last_day IS NULL OR (o.last_day >= $1 AND o.last_day >= o.opens_on))
                           AND ak.key = pk.key AND ak.kind = pkind.kind),
            awarded AS (SELECT DISTINCT dep FROM maze.flow_rows WHERE decision_date BETWEEN $1 AND $2 AND dep IS NOT NULL)
            SELECT 'departement:' || e.dep, array_agg(e.id) FROM eligible e
            WHERE NOT EXISTS (SELECT 1 FROM awarded w WHERE w.dep = e.dep)
            GROUP BY e.dep ORDER BY 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        var result = new Dictionary<string, HashSet<Guid>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetString(0)] = [.. reader.GetFieldValue<Guid[]>(1)];
        }

        return result;
    }

    /// <summary>
    /// Label white zones of France on a day: labels not renewed whose last valid day falls within the months asked with
    /// no renewal under way (expiring), or before the day with no other valid label of the scheme for the holder
    /// (lapsed, with whether a renewal is under way): id → (situation, renewal under way).
    /// </summary>
    public static async Task<Dictionary<Guid, (string Situation, bool UnderWay)>> LabelsAsync(NpgsqlDataSource source, DateOnly on, DateOnly until, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var command = source.CreateCommand("""
            WITH l AS (SELECT l.*, EXISTS (SELECT 1 FROM maze.applications a WHERE a.status IN ('submitted', 'deferred')
                                           AND (a.renews = l.id OR (a.scheme_id = l.scheme_id AND a.holder_kind = l.holder_kind AND a.holder_territory = l.holder_territory))) AS under_way
                       FROM maze.labels l WHERE l.renewed_by IS NULL AND l.holder_territory IS NOT NULL)
            SELECT id, 'expiring', false FROM l
            WHERE status IN ('active', 'suspended') AND valid_until BETWEEN $1 AND $2 AND NOT under_way
            UNION ALL
            SELECT id, 'lapsed', under_way FROM l
            WHERE status IN ('active', 'suspended', 'expired') AND valid_until < $1
              AND NOT EXISTS (SELECT 1 FROM maze.labels o WHERE o.id <> l.id AND o.scheme_id = l.scheme_id AND o.holder_kind = l.holder_kind
                                AND o.holder_territory = l.holder_territory AND o.status IN ('active', 'suspended') AND o.valid_from <= $1 AND o.valid_until >= $1)
            ORDER BY 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = on });
        command.Parameters.Add(new NpgsqlParameter { Value = until });
        var result = new Dictionary<Guid, (string, bool)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetGuid(0)] = (reader.GetString(1), reader.GetBoolean(2));
        }

        return result;
    }
}
