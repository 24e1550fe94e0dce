using SocialTech.BuildingBlocks.Http;
using SocialTech.Labelling.Applications;
using SocialTech.Labelling.Labels;
using SocialTech.Labelling.Labels.Expiring;
using SocialTech.Labelling.Labels.FilingReports;
using SocialTech.Labelling.Labels.Reinstating;
using SocialTech.Labelling.Labels.Revoking;
using SocialTech.Labelling.Labels.Suspending;
using SocialTech.Labelling.Schemes;

namespace SocialTech.Labelling.Tests.Labels;

public sealed class LabelDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, (LabelStatus[] Allowed, Type Event, Func<Label, IReadOnlyList<object>> Decide)> Commands = new()
    {
        ["file-report"] = ([LabelStatus.Active, LabelStatus.Suspended], typeof(MonitoringReportFiled),
            l => FileMonitoringReport.Decide(l, new MonitoringReportRequest("2026", "Douze actions menées", new DateOnly(2026, 3, 1)), Now)),
        ["suspend"] = ([LabelStatus.Active], typeof(LabelSuspended), l => SuspendLabel.Decide(l, new SuspendLabelRequest("rapport manquant", new DateOnly(2026, 3, 2)), Now)),
        ["reinstate"] = ([LabelStatus.Suspended], typeof(LabelReinstated), l => ReinstateLabel.Decide(l, new ReinstateLabelRequest(new DateOnly(2026, 3, 2)), Now)),
        ["revoke"] = ([LabelStatus.Active, LabelStatus.Suspended], typeof(LabelRevoked),
            l => RevokeLabel.Decide(l, new RevokeLabelRequest("charte non respectée", new DateOnly(2026, 3, 2)), Now)),
    };

    public static Label In(LabelStatus status)
    {
        var id = Guid.CreateVersion7();
        var label = Label.Fold(null, new LabelGranted(id, Guid.CreateVersion7(), Guid.CreateVersion7(), null,
            new LabelHolder(LabelledKind.Organisation, Guid.CreateVersion7(), null, []), GrantRoute.Charter,
            new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31), [], null, Now.AddYears(-1)))!;
        object? next = status switch
        {
            LabelStatus.Suspended => new LabelSuspended(id, "x", new DateOnly(2026, 2, 1), Now),
            LabelStatus.Revoked => new LabelRevoked(id, "x", new DateOnly(2026, 2, 1), Now),
            LabelStatus.Expired => new LabelExpired(id, new DateOnly(2027, 1, 1), Now),
            _ => null,
        };
        return next is null ? label : Label.Fold(label, next)!;
    }

    public static TheoryData<string, LabelStatus> EveryCommandInEveryState()
    {
        var data = new TheoryData<string, LabelStatus>();
        foreach (var command in Commands.Keys)
        {
            foreach (var status in Enum.GetValues<LabelStatus>())
            {
                data.Add(command, status);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCommandInEveryState))]
    public void Command_InState_IsAppliedOnlyWhereTheLifecycleAllowsIt(string command, LabelStatus status)
    {
        var (allowed, expected, decide) = Commands[command];
        var label = In(status);

        if (allowed.Contains(status))
        {
            Assert.Equal(expected, Assert.Single(decide(label)).GetType());
        }
        else
        {
            var refused = Assert.Throws<InvalidTransitionException>(() => decide(label));
            Assert.Equal($"the label is {Kebab.Name(status)}", refused.Extensions["currentState"]);
        }
    }

    [Theory]
    [InlineData(LabelStatus.Active, true)]
    [InlineData(LabelStatus.Suspended, true)]
    [InlineData(LabelStatus.Revoked, false)]
    [InlineData(LabelStatus.Expired, false)]
    public void Expire_AtTheStartOfTheDayAfterItsLastValidDay_OnlyWhileItStands(LabelStatus status, bool expires)
    {
        var label = In(status);
        var due = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Empty(ExpireLabel.Decide(label, due.AddTicks(-1)));
        var events = ExpireLabel.Decide(label, due);

        Assert.Equal(expires, events.Count == 1);
        if (expires)
        {
            Assert.Equal(LabelStatus.Expired, Label.Fold(label, events[0])!.Status);
        }
    }

    [Fact]
    public void SuspendThenReinstate_WritesBothInTheHistory()
    {
        var label = In(LabelStatus.Active);
        label = Label.Fold(label, Assert.Single(SuspendLabel.Decide(label, new SuspendLabelRequest("rapport manquant", new DateOnly(2026, 3, 2)), Now)))!;
        label = Label.Fold(label, Assert.Single(ReinstateLabel.Decide(label, new ReinstateLabelRequest(new DateOnly(2026, 4, 1)), Now)))!;

        Assert.Equal(["granted", "suspended", "reinstated"], label.History.Select(h => h.What));
        Assert.Equal(LabelStatus.Active, label.Status);
    }
}
