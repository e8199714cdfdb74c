using Huangpu.Compliance.Domain;

namespace Huangpu.Compliance.Tests;

/// <summary>A case's rules: only fraud claws back, and ordering a clawback or closing needs a second officer.</summary>
public sealed class ComplianceCaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    private static ComplianceCase Opened() => ComplianceCase.Open(Guid.NewGuid(), "91310101MA1FPX1234", "同一项目材料重复申报", null, "officer-a", Now);

    [Fact]
    public void A_clawback_needs_a_fraud_finding_with_an_amount_and_a_second_officer_to_approve_it()
    {
        var found = Opened();
        Assert.Equal("CLAWBACK_NEEDS_FRAUD", Assert.Throws<CaseException>(() => found.RecordFinding(Finding.Breach, 1_000, "证据", "officer-a", Now)).Reason);
        Assert.Equal("CLAWBACK_AMOUNT_REQUIRED", Assert.Throws<CaseException>(() => found.RecordFinding(Finding.Fraud, 0, "证据", "officer-a", Now)).Reason);
        Assert.Equal(CaseStatus.Open, found.Status);

        found.RecordFinding(Finding.Fraud, 600_000, "伪造劳动合同", "officer-a", Now);
        found.ProposeClawback("officer-a", "证据确凿", Now);
        Assert.Equal("SAME_OFFICER", Assert.Throws<CaseException>(() => found.ApproveClawback("officer-a", "同意", Now)).Reason);
        Assert.Equal(CaseStatus.ClawbackProposed, found.Status);

        found.ApproveClawback("officer-b", "同意追回", Now);
        Assert.Equal(CaseStatus.ClawbackOrdered, found.Status);
        Assert.Equal("CASE_STATUS_CONFLICT", Assert.Throws<CaseException>(() => found.ApproveClawback("officer-c", "再次", Now)).Reason);
        Assert.Equal(["open", "record-finding", "order-clawback", "approve-clawback"], found.History.Select(s => s.Action));
    }

    [Fact]
    public void A_finding_other_than_fraud_cannot_order_a_clawback()
    {
        var found = Opened();
        found.RecordFinding(Finding.None, 0, "经核查无违规", "officer-a", Now);
        Assert.Equal("CLAWBACK_NEEDS_FRAUD", Assert.Throws<CaseException>(() => found.ProposeClawback("officer-a", "追回", Now)).Reason);
    }

    [Fact]
    public void Closing_is_proposed_by_one_officer_and_done_by_another_and_only_after_a_finding()
    {
        var found = Opened();
        Assert.Equal("CASE_STATUS_CONFLICT", Assert.Throws<CaseException>(() => found.Close("officer-a", "结案", Now)).Reason);
        found.RecordFinding(Finding.Breach, 0, "未按承诺开展", "officer-a", Now);
        Assert.False(found.Close("officer-a", "提议结案", Now));
        Assert.Equal(CaseStatus.CloseProposed, found.Status);
        Assert.Equal("SAME_OFFICER", Assert.Throws<CaseException>(() => found.Close("officer-a", "结案", Now)).Reason);
        Assert.True(found.Close("officer-b", "同意结案", Now));
        Assert.Equal(CaseStatus.Closed, found.Status);
    }
}

/// <summary>An inspection's record and its follow-up.</summary>
public sealed class InspectionTests
{
    private static readonly DateOnly Today = new(2026, 6, 10);

    [Fact]
    public void An_enforcement_inspection_needs_two_inspectors_and_none_is_recorded_ahead_or_followed_up_before_it_happened()
    {
        Assert.Equal(["inspectors"], Inspection.Problems(InspectionKind.Enforcement, Today, ["王检查"], null, Today).Select(p => p.Field));
        Assert.Empty(Inspection.Problems(InspectionKind.Routine, Today, ["王检查"], null, Today));
        Assert.Equal(["inspectedOn"], Inspection.Problems(InspectionKind.Routine, Today.AddDays(1), ["王检查"], null, Today).Select(p => p.Field));
        Assert.Equal(["followUpDue"], Inspection.Problems(InspectionKind.Routine, Today, ["王检查"], Today.AddDays(-1), Today).Select(p => p.Field));
    }

    [Fact]
    public void A_follow_up_past_its_due_date_is_overdue_until_it_is_done_once()
    {
        var inspection = Inspection.Record("91310101MA1FPX1234", InspectionKind.Routine, Today, ["王检查"], "台账不全", Today.AddDays(30), "officer-a", DateTimeOffset.UtcNow);
        Assert.False(inspection.IsOverdue(Today.AddDays(30)));
        Assert.True(inspection.IsOverdue(Today.AddDays(31)));
        inspection.CompleteFollowUp(Today.AddDays(32), "已补齐台账");
        Assert.False(inspection.IsOverdue(Today.AddDays(40)));
        Assert.Equal("FOLLOW_UP_DONE", Assert.Throws<CaseException>(() => inspection.CompleteFollowUp(Today.AddDays(33), "再次")).Reason);
        var none = Inspection.Record("91310101MA1FPX1234", InspectionKind.Routine, Today, ["王检查"], "无问题", null, "officer-a", DateTimeOffset.UtcNow);
        Assert.False(none.IsOverdue(Today.AddDays(400)));
        Assert.Equal("NO_FOLLOW_UP", Assert.Throws<CaseException>(() => none.CompleteFollowUp(Today, "无")).Reason);
    }
}
