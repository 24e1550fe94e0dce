namespace SocialTech.Funding.Tests.OpenData;

/// <summary>The published files and schemas under <c>../shared/reference/</c>, beside the repository.</summary>
public static class Reference
{
    public static string PathOf(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SocialTech.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "reference", relative));
            }
        }

        throw new InvalidOperationException("SocialTech.sln not found above the test binaries.");
    }

    public static byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));

    public const string Dep49 = "scdl/dep49-maine-et-loire_conventions-subventions.csv";
    public const string Dep31 = "scdl/dep31-haute-garonne_roques-sicoval_datalocale-subvention.csv";
}
