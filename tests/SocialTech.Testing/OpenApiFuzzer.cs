using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using NJsonSchema;
using SocialTech.BuildingBlocks.Security;

namespace SocialTech.Testing;

/// <summary>
/// Generates requests for every operation of a service's OpenAPI document, as every kind of caller (anonymous, each
/// role, each owner role bound to data it owns and to data it does not), and checks each answer against the document:
/// <list type="bullet">
/// <item>never 500 or more: bad input gets a 4xx naming what is wrong;</item>
/// <item>the status is one the operation declares (401, 403, 412, 413, 428, 429… included), except a 404 or 405 for a
/// path value that does not fit its parameter's schema (routing finds no such operation);</item>
/// <item>a JSON body matches the schema declared for that status;</item>
/// <item>a protected operation (its security requirement names roles, its <c>x-owner</c> the owner rule) never
/// answers 2xx to an anonymous caller, to a role it does not name, nor to an owner role bound to another's data;</item>
/// <item>an <c>Idempotency-Key</c> replays only to the caller who sent it first; a <c>name</c> or <c>title</c> with nothing
/// visible (empty, spaces, zero-width characters) is never accepted;</item>
/// <item>a rejected request (4xx) changes nothing: the event log and every document table (<c>state</c>, e.g.
/// <see cref="EventStoreState.FingerprintAsync"/>) are the same after it as before. This is stronger than re-reading
/// the resource's ETag and body: any write to it appends an event or rewrites a document.</item>
/// </list>
/// </summary>
/// <remarks>
/// Path parameters come from known ids (seeded resources), random GUIDs and hostile strings; query parameters from
/// their schemas and hostile values (huge integers, NUL, long strings, unicode); bodies from the request schema, then
/// mutated (a property missing, of the wrong type, hostile: zero-width, huge, null…), sometimes sent in another
/// charset or content type, with random <c>If-Match</c> and <c>Idempotency-Key</c>. The run is bounded in time and
/// deterministic for its seed up to where it stops: a failure is replayed with <c>FUZZ_SEED</c> (and at least as many
/// <c>FUZZ_SECONDS</c>).
/// </remarks>
public sealed class OpenApiFuzzer
{
    /// <summary>Who sends a request. <paramref name="Stranger"/>: an owner role bound to an id that owns nothing.</summary>
    public sealed record Caller(string Name, HttpClient Client, string? Role, bool Stranger = false);

    /// <summary>What went wrong (<paramref name="Check"/>), on which request (the <paramref name="Index"/>-th of the run).</summary>
    public sealed record Failure(string Check, int Index, string Caller, string Method, string Template, string Uri, string? Body, int Status, string Detail);

    private sealed record Operation(string Path, string Method, JsonObject Definition)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    private sealed record FuzzRequest(string Uri, string? ContentType, byte[]? Body, string? BodyText, string? IfMatch, string? IdempotencyKey, bool PathFitsSchema);

    private static readonly JsonNode?[] HostileValues =
    [
        null, "", " ", "x", -1, 0, 2147483648L, 1e308, -1e308, 9223372036854775807L, 0.1, true, new JsonArray(), new JsonObject(),
        new JsonArray((JsonNode?)null), new JsonArray(""), new string('x', 5000), "\u0000", "\u200B", "\u200B\u200C\u200D\uFEFF", "\u202Eevil",
        "' OR 1=1 --", "<script>alert(1)</script>", "2026-02-30", "9999-12-31", "0001-01-01", "W/\"1\"", "00000000-0000-0000-0000-000000000000",
        "Ünïcødé 日本語 🎉", "\uD800", "commune:99999", "departement:", "NaN", "1e999",
    ];

    private static readonly string[] HostileQueryValues =
    [
        "", "-1", "0", "1", "2147483647", "2147483648", "-2147483648", "99999999999999999999", "1e308", "abc", "true", "null", ":",
        "departement:", "commune:99999", "region:84", new string('9', 600), new string('é', 3000), "\u0000", "a\u0000b", "\u200B",
        "Ünïcødé 日本語 🎉", "%", "2026-02-30", "9999-12-31", "00000000-0000-0000-0000-000000000000",
    ];

    private static readonly string[] HostileIntegers =
        ["0", "-1", "2147483647", "2147483648", "-2147483648", "9223372036854775807", "99999999999999999999", "1.5", "1e3", " 1", "0x10"];

    // No NUL (Kestrel refuses a path holding one before the application sees it; TestServer throws) and no "..": the
    // client resolves it, and the request goes to another operation.
    private static readonly string[] HostilePathValues =
        ["00000000-0000-0000-0000-000000000000", "x", "99999", "2A004", "%20", "\u200B", "Ünïcødé", new string('9', 300)];

    private static readonly string?[] IfMatchValues = [null, null, "", "W/\"1\"", "W/\"2\"", "\"1\"", "garbage", "*", "W/\"-5\"", "W/\"99999999999999999999\""];

    private static readonly string?[] IdempotencyKeys = [null, null, null, "fuzz-1", "fuzz-2", "", new string('k', 300), "ключ"];

    private readonly HttpClient reader;
    private readonly IReadOnlyList<Caller> callers;
    private readonly Func<Task<string>>? state;
    private readonly TimeSpan budget;
    private readonly Random random;
    private readonly Dictionary<string, JsonSchema?> validators = new(StringComparer.Ordinal);

    // The state as the last rejected request left it: still valid before the next request, since a refusal changes
    // nothing. Cleared by anything else (an accepted request may write).
    private string? knownState;

    /// <param name="reader">A client for the service's OpenAPI document.</param>
    /// <param name="callers">Who sends the requests (see <see cref="CallersOf"/>).</param>
    /// <param name="state">A probe of everything stored, compared around every rejected request.</param>
    public OpenApiFuzzer(HttpClient reader, IReadOnlyList<Caller> callers, Func<Task<string>>? state = null, int? seed = null, TimeSpan? budget = null)
    {
        this.reader = reader;
        this.callers = callers;
        this.state = state;
        Seed = seed ?? SeedFromEnvironment();
        this.budget = budget ?? BudgetFromEnvironment();
        random = new Random(Seed);
    }

    public int Seed { get; }

    public int RequestsSent { get; private set; }

    /// <summary>Rejected (4xx) requests whose state before and after were compared (with a <c>state</c> probe).</summary>
    public int RejectionsChecked { get; private set; }

    /// <summary>Answers whose body was validated against a declared schema.</summary>
    public int BodiesValidated { get; private set; }

    /// <summary>Operations of the document, and how many of them answered at least one 2xx.</summary>
    public int Operations { get; private set; }

    public int OperationsAccepted => accepted.Count;

    private readonly HashSet<string> accepted = new(StringComparer.Ordinal);

    /// <summary>The seed CI runs when no <c>FUZZ_SEED</c> is given.</summary>
    /// <remarks>
    /// A run that lands must not turn red by chance: CI (<c>CI=true</c>) replays one seed, so a commit's verdict does not
    /// depend on the draw, while a developer's run draws a new seed each time and so explores further; whatever it
    /// finds is replayed with its printed seed, fixed, and kept by a test of its own.
    /// </remarks>
    public const int ContinuousIntegrationSeed = 20261207;

    /// <summary><c>FUZZ_SEED</c> when set (to replay a run); in CI, <see cref="ContinuousIntegrationSeed"/>; else a new one. Printed with the results.</summary>
    public static int SeedFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
                ? ContinuousIntegrationSeed
                : Random.Shared.Next();

    /// <summary><c>FUZZ_SECONDS</c> per service, 60 by default.</summary>
    public static TimeSpan BudgetFromEnvironment() =>
        TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("FUZZ_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : 60);

    /// <summary>
    /// Anonymous, admin, public-authority, operator, and each owner role twice: bound to the id given (data it owns),
    /// and to a fresh id (a stranger to every resource).
    /// </summary>
    public static IReadOnlyList<Caller> CallersOf<T>(ServiceHost<T> host, Guid? network = null, Guid? funder = null, Guid? labelOwner = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(host);
        return
        [
            new("anonymous", host.CreateAnonymousClient(), null),
            new(Roles.Admin, host.CreateClientAs(Roles.Admin), Roles.Admin),
            new(Roles.PublicAuthority, host.CreateClientAs(Roles.PublicAuthority), Roles.PublicAuthority),
            new(Roles.Operator, host.CreateClientAs(Roles.Operator), Roles.Operator),
            new($"{Roles.Network} (owner)", host.CreateClientAs(Roles.Network, network), Roles.Network),
            new($"{Roles.Network} (stranger)", host.CreateClientAs(Roles.Network, Guid.NewGuid()), Roles.Network, Stranger: true),
            new($"{Roles.Funder} (owner)", host.CreateClientAs(Roles.Funder, funder), Roles.Funder),
            new($"{Roles.Funder} (stranger)", host.CreateClientAs(Roles.Funder, Guid.NewGuid()), Roles.Funder, Stranger: true),
            new($"{Roles.LabelOwner} (owner)", host.CreateClientAs(Roles.LabelOwner, labelOwner), Roles.LabelOwner),
            new($"{Roles.LabelOwner} (stranger)", host.CreateClientAs(Roles.LabelOwner, Guid.NewGuid()), Roles.LabelOwner, Stranger: true),
        ];
    }

    /// <param name="pathValues">Values worth trying for path parameters besides random ones (existing ids), by name.</param>
    public async Task<IReadOnlyList<Failure>> RunAsync(IReadOnlyDictionary<string, string[]>? pathValues = null, string documentPath = "/openapi/v1.json")
    {
        var document = JsonNode.Parse(await reader.GetStringAsync(new Uri(documentPath, UriKind.Relative)))!.AsObject();
        var schemas = document["components"]?["schemas"]?.AsObject();
        var operations = (from path in document["paths"]!.AsObject()
                          from method in path.Value!.AsObject()
                          select new Operation(path.Key, method.Key.ToUpperInvariant(), method.Value!.AsObject())).ToList();
        Operations = operations.Count;
        var failures = new List<Failure>();
        var clock = Stopwatch.StartNew();

        // Every operation at least once per caller, then round after round until the time is up.
        for (var round = 0; round < callers.Count || clock.Elapsed < budget; round++)
        {
            foreach (var operation in operations)
            {
                var caller = round < callers.Count ? callers[round] : callers[random.Next(callers.Count)];
                var request = Generate(operation, schemas, pathValues ?? new Dictionary<string, string[]>());
                failures.AddRange(await SendAsync(operation, caller, request, document));
            }
        }

        return failures;
    }

    private async Task<List<Failure>> SendAsync(Operation operation, Caller caller, FuzzRequest fuzz, JsonObject document)
    {
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), new Uri(fuzz.Uri, UriKind.Relative));
        if (fuzz.Body is not null)
        {
            request.Content = new ByteArrayContent(fuzz.Body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
        }

        if (fuzz.IfMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", fuzz.IfMatch);
        }

        if (fuzz.IdempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", fuzz.IdempotencyKey);
        }

        var before = state is null ? null : knownState ?? await state();
        knownState = null;
        var index = ++RequestsSent;
        // A stream (the live feed's server-sent events) never ends: its headers are the answer.
        using var response = await caller.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var status = (int)response.StatusCode;
        var text = response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync();
        var failures = new List<Failure>();
        void Fail(string check, string detail) => failures.Add(new Failure(
            check, index, caller.Name, operation.Method, operation.Path, fuzz.Uri, fuzz.BodyText, status, detail.Length > 400 ? detail[..400] : detail));

        if (status >= 500)
        {
            Fail("5xx", text);
        }

        var responses = operation.Definition["responses"] as JsonObject ?? [];
        var declared = responses[status.ToString(CultureInfo.InvariantCulture)] ?? responses["default"];
        if (declared is null && !(status is 404 or 405 && !fuzz.PathFitsSchema) && status < 500)
        {
            Fail("undeclared status", $"declared: {string.Join(", ", responses.Select(r => r.Key))}; answer: {text}");
        }

        if (status is >= 200 and < 300)
        {
            accepted.Add(operation.ToString());
            if (Refusal(operation, caller) is { } rule)
            {
                Fail("access", $"{caller.Name} was let through: {rule}");
            }

            // An Idempotency-Key is the caller's own: another caller sending the same key must not be answered
            // what the first one created.
            if (fuzz.IdempotencyKey is { Length: > 0 } key && response.Headers.Location is { } location)
            {
                var replay = $"{operation} {key}";
                if (created.TryGetValue(replay, out var first) && first.Location == location.ToString() && first.Caller != caller.Name)
                {
                    Fail("idempotency", $"{caller.Name} was answered what {first.Caller} created with the same Idempotency-Key: {location}");
                }

                created.TryAdd(replay, (caller.Name, location.ToString()));
            }

            // A name or title of nothing visible (empty, spaces, zero-width characters) names nothing.
            if (operation.Method is "POST" or "PUT" && fuzz.BodyText is { } sent && Blank(sent) is { } field)
            {
                Fail("blank accepted", $"the body's {field} has nothing visible, and was accepted: {text}");
            }
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (declared is not null && mediaType is not null && mediaType.Contains("json", StringComparison.Ordinal) && text.Length > 0)
        {
            var content = declared["content"] as JsonObject;
            var schema = content?[mediaType]?["schema"] ?? content?.FirstOrDefault(c => c.Key.Contains("json", StringComparison.Ordinal)).Value?["schema"];
            if (schema is not null && await ValidatorAsync($"{operation} {status} {mediaType}", schema, document) is { } validator)
            {
                BodiesValidated++;
                var errors = validator.Validate(text);
                if (errors.Count > 0)
                {
                    Fail("schema", $"{string.Join("; ", Flatten(errors).Take(4).Select(e => $"{e.Path}: {e.Kind}"))} in {text}");
                }
            }
        }

        if (status is >= 400 and < 500 && state is not null)
        {
            var after = await state();
            RejectionsChecked++;
            knownState = after;
            if (after != before)
            {
                Fail("state changed", $"a rejected request changed the stored state: {before} → {after}; answer: {text}");
            }
        }

        return failures;
    }

    private readonly Dictionary<string, (string Caller, string Location)> created = new(StringComparer.Ordinal);

    /// <summary>The first top-level <c>name</c> or <c>title</c> of the JSON body that is a string with nothing visible.</summary>
    private static string? Blank(string body)
    {
        try
        {
            // Bodies sent in another charset or content type are shown as "[charset] {…}".
            var start = body.StartsWith('[') ? body.IndexOf("] {", StringComparison.Ordinal) : -1;
            if (JsonNode.Parse(start > 0 ? body[(start + 2)..] : body) is not JsonObject json)
            {
                return null;
            }

            return json.Where(p => p.Key is "name" or "title" && p.Value is JsonValue value && value.TryGetValue<string>(out var text)
                    && text.All(c => char.IsWhiteSpace(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Control))
                .Select(p => p.Key).FirstOrDefault();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The innermost errors: an item or a branch that fails says why only in its children.</summary>
    private static IEnumerable<NJsonSchema.Validation.ValidationError> Flatten(IEnumerable<NJsonSchema.Validation.ValidationError> errors) =>
        errors.SelectMany(e => e is NJsonSchema.Validation.ChildSchemaValidationError child && child.Errors.Count > 0
            ? Flatten(child.Errors.SelectMany(c => c.Value))
            : [e]);

    /// <summary>Why <paramref name="caller"/> must not get a 2xx from <paramref name="operation"/>, or null if it may.</summary>
    private static string? Refusal(Operation operation, Caller caller)
    {
        if (operation.Definition["security"] is not JsonArray { Count: > 0 } security
            || security.SelectMany(r => r!.AsObject()).Select(s => s.Value).OfType<JsonArray>().SelectMany(a => a).Select(r => (string?)r).ToList() is not { Count: > 0 } roles)
        {
            return null;
        }

        if (caller.Role is null)
        {
            return $"the operation needs a token with one of the roles {string.Join(", ", roles)}";
        }

        if (!roles.Contains(caller.Role))
        {
            return $"the operation needs one of the roles {string.Join(", ", roles)}";
        }

        return caller.Stranger && (string?)operation.Definition["x-owner"]?["role"] == caller.Role
            ? $"the operation needs {caller.Role}'s {operation.Definition["x-owner"]!["claim"]} to be {operation.Definition["x-owner"]!["owner"]}, and it owns nothing"
            : null;
    }

    /// <summary>The response schema with the document's components as draft-07 definitions (what NJsonSchema resolves).</summary>
    private async Task<JsonSchema?> ValidatorAsync(string key, JsonNode schema, JsonObject document)
    {
        if (!validators.TryGetValue(key, out var validator))
        {
            var root = new JsonObject { ["allOf"] = new JsonArray(schema.DeepClone()) };
            root["definitions"] = document["components"]?["schemas"]?.DeepClone() ?? new JsonObject();
            var text = root.ToJsonString().Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal);
            validator = await JsonSchema.FromJsonAsync(text);
            validators[key] = validator;
        }

        return validator;
    }

    private FuzzRequest Generate(Operation operation, JsonObject? schemas, IReadOnlyDictionary<string, string[]> pathValues)
    {
        var parameters = operation.Definition["parameters"] as JsonArray ?? [];
        var uri = operation.Path;
        var fits = true;
        foreach (var parameter in parameters.Where(p => (string?)p!["in"] == "path"))
        {
            var name = (string)parameter!["name"]!;
            var known = pathValues.GetValueOrDefault(name, []);
            var value = random.Next(10) switch
            {
                < 6 when known.Length > 0 => known[random.Next(known.Length)],
                < 8 => (string?)parameter["schema"]?["format"] == "uuid" ? Guid.NewGuid().ToString() : Plausible(parameter["schema"], schemas)?.ToString() ?? "x",
                _ => HostilePathValues[random.Next(HostilePathValues.Length)],
            };
            fits &= (string?)parameter["schema"]?["format"] != "uuid" || Guid.TryParse(value, out _);
            uri = uri.Replace($"{{{name}}}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }

        var query = new List<string>();
        foreach (var parameter in parameters.Where(p => (string?)p!["in"] == "query"))
        {
            var roll = random.Next(10);
            if (roll < 4)
            {
                continue;
            }

            var integer = parameter!["schema"]?["type"]?.ToJsonString().Contains("integer", StringComparison.Ordinal) == true;
            var value = roll switch
            {
                < 7 => Plausible(parameter["schema"], schemas)?.ToString() ?? "",
                // Integers at their bounds often, since paging arithmetic is where they overflow.
                < 9 when integer => HostileIntegers[random.Next(HostileIntegers.Length)],
                _ => HostileQueryValues[random.Next(HostileQueryValues.Length)],
            };
            query.Add($"{Uri.EscapeDataString((string)parameter["name"]!)}={Uri.EscapeDataString(value)}");
        }

        if (query.Count > 0)
        {
            uri += "?" + string.Join("&", query);
        }

        var writes = operation.Method is "POST" or "PUT" or "PATCH" or "DELETE";
        var ifMatch = writes ? IfMatchValues[random.Next(IfMatchValues.Length)] : null;
        var idempotencyKey = writes ? IdempotencyKeys[random.Next(IdempotencyKeys.Length)] : null;
        if (operation.Definition["requestBody"]?["content"] is not JsonObject { Count: > 0 } content)
        {
            return new FuzzRequest(uri, null, null, null, ifMatch, idempotencyKey, fits);
        }

        var (mediaType, media) = content.ElementAt(random.Next(content.Count));
        var (contentType, body, shown) = Body(mediaType, media?["schema"], schemas);
        return new FuzzRequest(uri, contentType, body, shown, ifMatch, idempotencyKey, fits);
    }

    private (string ContentType, byte[] Body, string Shown) Body(string mediaType, JsonNode? schema, JsonObject? schemas)
    {
        if (!mediaType.Contains("json", StringComparison.Ordinal))
        {
            // CSV and other text bodies: empty, a header alone, an unterminated quote, binary noise, a long line.
            string[] texts = ["", "a;b", "name;kinds\n\"unterminated", "\u00ff\u00fe\u0000\u0001", new string(';', 5000), "\u200B;\u200B\n"];
            var chosen = texts[random.Next(texts.Length)];
            return (mediaType, Encoding.UTF8.GetBytes(chosen), chosen);
        }

        var text = random.Next(12) switch
        {
            0 => new[] { "null", "[]", "{}", "\"text\"", "0", "{", "{\"a\":", "\u0000" }[random.Next(8)],
            1 or 2 => Plausible(schema, schemas)?.ToJsonString() ?? "{}",
            _ => Mutated(Plausible(schema, schemas)),
        };

        // Mostly UTF-8 JSON; sometimes another charset or content type, which must be refused (415) or read right.
        return random.Next(10) switch
        {
            0 => ($"{mediaType}; charset=utf-16", Encoding.Unicode.GetBytes(text), $"[utf-16] {text}"),
            1 => ($"{mediaType}; charset=iso-8859-1", Encoding.Latin1.GetBytes(text), $"[iso-8859-1] {text}"),
            2 => ("text/plain", Encoding.UTF8.GetBytes(text), $"[text/plain] {text}"),
            _ => (mediaType, Encoding.UTF8.GetBytes(text), text),
        };
    }

    /// <summary>The plausible body with one to three properties (at any depth) missing, of a wrong type or hostile.</summary>
    private string Mutated(JsonNode? template)
    {
        if (template is not JsonObject root)
        {
            return HostileValues[random.Next(HostileValues.Length)]?.ToJsonString() ?? "null";
        }

        for (var mutations = random.Next(1, 4); mutations > 0; mutations--)
        {
            var target = root;
            // Walk down into a nested object now and then, so that mutations reach past the top level.
            while (random.Next(3) == 0 && target.Where(p => p.Value is JsonObject).Select(p => p.Value!.AsObject()).ToList() is { Count: > 0 } nested)
            {
                target = nested[random.Next(nested.Count)];
            }

            if (target.Count == 0)
            {
                continue;
            }

            var name = target.ElementAt(random.Next(target.Count)).Key;
            if (random.Next(4) == 0)
            {
                target.Remove(name);
            }
            else if (target[name] is JsonArray { Count: > 0 } list && random.Next(2) == 0)
            {
                list[random.Next(list.Count)] = HostileValues[random.Next(HostileValues.Length)]?.DeepClone();
            }
            else
            {
                target[name] = HostileValues[random.Next(HostileValues.Length)]?.DeepClone();
            }
        }

        return root.ToJsonString();
    }

    /// <summary>A value its schema accepts, every property present, so that mutations reach past the first check.</summary>
    private JsonNode? Plausible(JsonNode? schema, JsonObject? schemas, int depth = 0)
    {
        if (schema is null || depth > 5)
        {
            return null;
        }

        if (schema["$ref"] is JsonValue reference)
        {
            return Plausible(schemas?[((string)reference!).Split('/')[^1]], schemas, depth + 1);
        }

        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray union)
        {
            var branches = union.Where(s => (string?)s?["type"] != "null").ToList();
            return branches.Count == 0 ? null : Plausible(branches[random.Next(branches.Count)], schemas, depth + 1);
        }

        if (schema["enum"] is JsonArray { Count: > 0 } values)
        {
            return values[random.Next(values.Count)]?.DeepClone();
        }

        var types = schema["type"] switch
        {
            JsonArray array => array.Select(t => (string?)t).Where(t => t != "null").ToArray(),
            JsonValue value => [(string?)value],
            _ => [],
        };
        if (types.Contains("object") || schema["properties"] is not null)
        {
            var result = new JsonObject();
            foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
            {
                result[name] = Plausible(property, schemas, depth + 1);
            }

            return result;
        }

        if (types.Contains("array"))
        {
            var list = new JsonArray();
            for (var i = random.Next(1, 3); i > 0; i--)
            {
                list.Add(Plausible(schema["items"], schemas, depth + 1));
            }

            return list;
        }

        string[] words = ["Recyclerie de Ribérac", "insertion", "association", "24352", "69123", "departement:24", "commune:69123", "C1", "fablab"];
        return (string?)schema["format"] switch
        {
            "uuid" => Guid.NewGuid().ToString(),
            "date" => new DateOnly(2025, 1, 1).AddDays(random.Next(400)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "date-time" => new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(random.Next(10000)).ToString("O", CultureInfo.InvariantCulture),
            "uri" => "https://example.org/x",
            "email" => "contact@example.org",
            _ when types.Contains("integer") => random.Next(1, 5),
            _ when types.Contains("number") => Math.Round(random.NextDouble() * 10000, 2),
            _ when types.Contains("boolean") => random.Next(2) == 0,
            _ => words[random.Next(words.Length)],
        };
    }

    /// <summary>The failures, one line per kind (check, operation, status) with its count and first request.</summary>
    public string Describe(IReadOnlyCollection<Failure> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var lines = failures
            .GroupBy(f => (f.Check, f.Method, f.Template, f.Status))
            .OrderBy(g => g.Key.Check, StringComparer.Ordinal).ThenBy(g => g.Key.Template, StringComparer.Ordinal)
            .Select(g =>
            {
                var f = g.First();
                var body = f.Body is null ? "" : $" body={f.Body[..Math.Min(f.Body.Length, 300)]}";
                return $"[{f.Check}] {f.Status} {f.Method} {f.Template} ×{g.Count()} — first: request #{f.Index} as {f.Caller}: {f.Method} {f.Uri}{body} → {f.Detail}";
            });
        return $"{Summary}\n{string.Join("\n", lines)}";
    }

    /// <summary>How to replay this run, and what it covered.</summary>
    public string Summary =>
        $"FUZZ_SEED={Seed} FUZZ_SECONDS={budget.TotalSeconds.ToString(CultureInfo.InvariantCulture)}: {RequestsSent} requests over {Operations} operations "
        + $"({OperationsAccepted} answered 2xx at least once), {RejectionsChecked} rejections checked for state changes, {BodiesValidated} bodies validated";

    /// <summary>Runs, prints the summary and fails with every failure described.</summary>
    public async Task AssertCleanAsync(Action<string> output, IReadOnlyDictionary<string, string[]>? pathValues = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var failures = await RunAsync(pathValues);
        output(failures.Count == 0 ? Summary : Describe(failures));
        Xunit.Assert.True(failures.Count == 0, $"{failures.Count} failures. {Describe(failures)}");
        Xunit.Assert.True(RejectionsChecked > 0 || state is null, $"no rejection was checked for state changes. {Summary}");
    }
}
