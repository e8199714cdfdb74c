using Huangpu.Contracts.Applications;
using Huangpu.Contracts.Compliance;
using Huangpu.Contracts.Payments;
using Huangpu.Contracts.Registry;
using Huangpu.Contracts.Review;

namespace Huangpu.Contracts;

/// <summary>One consumer's queue and the events delivered to it.</summary>
public sealed record EventSubscription(string Queue, IReadOnlyList<Type> Events);

/// <summary>
/// Which queue receives which events: the platform's whole messaging map, in one place. Every service declares
/// all of it on the broker when it starts, so an event published before its consumer ever ran waits in that
/// consumer's queue instead of being dropped by an exchange nobody is bound to. The consumers take their
/// endpoint names from here, and a test per consumer checks that it handles exactly these events.
/// </summary>
public static class EventSubscriptions
{
    /// <summary>Compliance's hash-chained audit trail: every integration event.</summary>
    public static EventSubscription Audit { get; } = new("audit", IntegrationEvents.All);

    /// <summary>Applications holds an organisation's open applications when its credit changes.</summary>
    public static EventSubscription CreditHold { get; } = new("credit-hold", [typeof(CreditStatusChanged)]);

    /// <summary>ExpertReview draws a panel for every application that passed preliminary review under a scored item.</summary>
    public static EventSubscription ExpertReview { get; } = new("expert-review", [typeof(ReviewRequested)]);

    /// <summary>Applications moves its applications on the expert review's outcomes and the fair-competition opinions.</summary>
    public static EventSubscription ReviewOutcomes { get; } = new("review-outcomes", [typeof(PanelDrawn), typeof(ReviewCompleted), typeof(FairCompetitionOpinionRecorded)]);

    /// <summary>
    /// Payments obligates a final award and orders its payment, releases the commitment of a declined one, and
    /// opens a receivable for a clawback.
    /// </summary>
    public static EventSubscription Payments { get; } = new("payments", [typeof(AwardFinalised), typeof(ApplicationDeclined), typeof(ClawbackOrdered)]);

    /// <summary>Applications moves an award to PAYMENT_REQUESTED and then PAID on Payments' events.</summary>
    public static EventSubscription PaymentOutcomes { get; } = new("payment-outcomes", [typeof(PaymentOrdered), typeof(PaymentDisbursed)]);

    /// <summary>Compliance evaluates its risk rules on the events that can make them fire.</summary>
    public static EventSubscription Risk { get; } = new(
        "risk",
        [
            typeof(ApplicationTransitioned), typeof(ApplicationApproved), typeof(AwardFinalised), typeof(PaymentOrdered), typeof(PaymentDisbursed),
            typeof(CreditStatusChanged), typeof(ReconciliationDifferenceFound), typeof(ScoreSubmitted), typeof(ExpertTiesChanged),
        ]);

    public static IReadOnlyList<EventSubscription> All { get; } = [Audit, CreditHold, ExpertReview, ReviewOutcomes, Payments, PaymentOutcomes, Risk];
}

/// <summary>Every concrete integration event of this assembly.</summary>
public static class IntegrationEvents
{
    public static IReadOnlyList<Type> All { get; } =
    [
        .. typeof(IntegrationEvent).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(IntegrationEvent)) && !t.IsAbstract)
            .OrderBy(t => t.FullName, StringComparer.Ordinal),
    ];
}
