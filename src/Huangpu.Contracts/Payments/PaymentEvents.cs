namespace Huangpu.Contracts.Payments;

/// <summary>A payment order was raised for a final award (its amount obligated in the ledger): payment is requested.</summary>
public sealed record PaymentOrdered : IntegrationEvent
{
    public required Guid PaymentId { get; init; }

    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    public required long AmountFen { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [ApplicationId.ToString(), OrganizationUscc];

    public override string Summary => $"Payment {PaymentId} of {AmountFen} fen ordered for application {ApplicationId}";
}

/// <summary>A payment order was held: the organisation was not eligible on the payment date (each failed rule given).</summary>
public sealed record PaymentHeld : IntegrationEvent
{
    public required Guid PaymentId { get; init; }

    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    public required IReadOnlyList<string> Rules { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [ApplicationId.ToString(), OrganizationUscc];

    public override string Summary => $"Payment {PaymentId} for application {ApplicationId} held: {string.Join("; ", Rules)}";
}

/// <summary>The treasury settled a payment order (or the whole award was offset against receivables): the award is paid.</summary>
public sealed record PaymentDisbursed : IntegrationEvent
{
    public required Guid PaymentId { get; init; }

    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    /// <summary>The award; of it, <see cref="OffsetFen"/> settled receivables and the rest went to the payee.</summary>
    public required long AmountFen { get; init; }

    public required long OffsetFen { get; init; }

    public required string TreasuryReference { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [ApplicationId.ToString(), OrganizationUscc];

    public override string Summary => $"Payment {PaymentId} of {AmountFen} fen disbursed for application {ApplicationId} ({TreasuryReference})";
}

/// <summary>A payment order failed: the treasury rejected its instruction, or finance cancelled it.</summary>
public sealed record PaymentFailed : IntegrationEvent
{
    public required Guid PaymentId { get; init; }

    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    /// <summary>REJECTED (finance may revise) or CANCELLED (never paid).</summary>
    public required string Outcome { get; init; }

    public required string Reason { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [ApplicationId.ToString(), OrganizationUscc];

    public override string Summary => $"Payment {PaymentId} for application {ApplicationId} {Outcome}: {Reason}";
}

/// <summary>Money recovered on a clawback receivable: repaid, offset against a later award, or written off.</summary>
public sealed record RecoveryRecorded : IntegrationEvent
{
    public required Guid ReceivableId { get; init; }

    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    /// <summary>REPAYMENT, OFFSET or WRITE_OFF.</summary>
    public required string Kind { get; init; }

    public required long AmountFen { get; init; }

    public required long OutstandingFen { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [ApplicationId.ToString(), OrganizationUscc];

    public override string Summary => $"Receivable {ReceivableId}: {Kind} of {AmountFen} fen, {OutstandingFen} fen outstanding";
}

/// <summary>Reconciliation found the ledger and the treasury's statement apart on one instruction.</summary>
public sealed record ReconciliationDifferenceFound : IntegrationEvent
{
    public required Guid ReconciliationId { get; init; }

    public required DateOnly Date { get; init; }

    /// <summary>MISSING_AT_TREASURY, MISSING_IN_LEDGER or AMOUNT_MISMATCH.</summary>
    public required string Kind { get; init; }

    public required Guid InstructionId { get; init; }

    public Guid? PaymentId { get; init; }

    public Guid? ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    public required long LedgerFen { get; init; }

    public required long TreasuryFen { get; init; }

    public override IReadOnlyList<string> AuditSubjects => ApplicationId is { } id ? [id.ToString(), OrganizationUscc] : [InstructionId.ToString()];

    public override string Summary => $"Reconciliation of {Date:yyyy-MM-dd}: {Kind} on instruction {InstructionId} (ledger {LedgerFen}, treasury {TreasuryFen} fen)";
}
