namespace Huangpu.Payments.Domain;

/// <summary>
/// The ledger's accounts, each an award's stage: money moves from the appropriation to what is available, to
/// committed (approved), to obligated (final), to disbursed; money clawed back moves from disbursed to a
/// receivable, and from there to recovered (repaid or offset) or written off. An account's natural balance is
/// its credits less its debits; the appropriation account, where the money comes from, runs negative.
/// </summary>
public enum LedgerAccount
{
    Appropriation = 1,
    Available = 2,
    Committed = 3,
    Obligated = 4,
    Disbursed = 5,
    Receivable = 6,
    Recovered = 7,
    WrittenOff = 8,
}

/// <summary>What a balanced transaction records.</summary>
public enum PostingKind
{
    Budget = 1,
    Commit = 2,
    Release = 3,
    Obligate = 4,
    Disburse = 5,

    /// <summary>A payment order cancelled: its obligation back to what is available.</summary>
    Cancel = 6,

    /// <summary>A clawback ordered: what was disbursed becomes a receivable.</summary>
    Clawback = 7,
    Repay = 8,

    /// <summary>A receivable settled out of a later award of the same organisation.</summary>
    Offset = 9,
    WriteOff = 10,
}

/// <summary>Where a posting belongs: the budget year and, for an award, its group, item, organisation and application.</summary>
public sealed record PostingDimensions(int Year, string GroupCode = "", string ItemCode = "", string OrganizationUscc = "", Guid? ApplicationId = null);

/// <summary>One line of the ledger (分录): a debit or a credit to one account. The ledger is append-only.</summary>
public sealed class LedgerEntry
{
    private LedgerEntry()
    {
    }

    public long Sequence { get; private set; }

    public Guid TransactionId { get; private set; }

    public LedgerAccount Account { get; private set; }

    public long DebitFen { get; private set; }

    public long CreditFen { get; private set; }

    public int Year { get; private set; }

    public string GroupCode { get; private set; } = string.Empty;

    public string ItemCode { get; private set; } = string.Empty;

    public string OrganizationUscc { get; private set; } = string.Empty;

    public Guid? ApplicationId { get; private set; }

    public PostingKind Kind { get; private set; }

    public string Memo { get; private set; } = string.Empty;

    public DateTimeOffset PostedAt { get; private set; }

    /// <summary>
    /// One balanced transaction moving <paramref name="amountFen"/> from one account to another: a debit to the
    /// first and a credit to the second, so every transaction (and the whole ledger) sums to zero.
    /// </summary>
    public static IReadOnlyList<LedgerEntry> Move(PostingKind kind, LedgerAccount from, LedgerAccount to, long amountFen, PostingDimensions where, string memo, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amountFen);
        var transaction = Guid.CreateVersion7(now);
        LedgerEntry Line(LedgerAccount account, long debit, long credit) => new()
        {
            TransactionId = transaction,
            Account = account,
            DebitFen = debit,
            CreditFen = credit,
            Year = where.Year,
            GroupCode = where.GroupCode,
            ItemCode = where.ItemCode,
            OrganizationUscc = where.OrganizationUscc,
            ApplicationId = where.ApplicationId,
            Kind = kind,
            Memo = memo,
            PostedAt = now,
        };
        return [Line(from, amountFen, 0), Line(to, 0, amountFen)];
    }
}
