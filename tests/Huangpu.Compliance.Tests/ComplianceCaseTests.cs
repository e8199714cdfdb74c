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
