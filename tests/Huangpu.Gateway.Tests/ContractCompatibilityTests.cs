using Google.Protobuf.Reflection;
using Huangpu.Grpc.Applications.V1;
using Huangpu.Grpc.Compliance.V1;
using Huangpu.Grpc.Payments.V1;

namespace Huangpu.Gateway.Tests;

/// <summary>
/// Release 1.1 gave each custom method its own request message (AIP-136) where 1.0 shared one per resource. A
/// client of 1.0 still works only if every method's new request keeps the old message's fields: the same number,
/// type, cardinality and JSON name for each field it kept, and no old number reused for another field. buf cannot
/// see this (it compares request types by name), so these tests compare the fields themselves against 1.0's
/// messages as they shipped (protos/released/1.0).
/// </summary>
public sealed class ContractCompatibilityTests
{
    private static readonly (string Name, int Number, FieldType Type, bool Repeated)[] ApplicationActionRequest =
    [
        ("application_id", 1, FieldType.String, false),
        ("reason", 2, FieldType.String, false),
        ("expected_version", 3, FieldType.Int64, false),
        ("missing_items", 4, FieldType.String, true),
        ("supplement_deadline", 5, FieldType.Message, false),
        ("request_id", 6, FieldType.String, false),
    ];

    private static readonly (string Name, int Number, FieldType Type, bool Repeated)[] ResolveObjectionRequest =
        [("objection_id", 1, FieldType.String, false), ("reason", 2, FieldType.String, false), ("outcome", 3, FieldType.String, false), ("request_id", 4, FieldType.String, false)];

    public static TheoryData<string, string> Methods => new()
    {
        { "huangpu.applications.v1.ApplicationsService", "SubmitDraft" },
        { "huangpu.applications.v1.ApplicationsService", "WithdrawApplication" },
        { "huangpu.applications.v1.ApplicationsService", "ConfirmApplication" },
        { "huangpu.applications.v1.ApplicationsService", "AcceptApplication" },
        { "huangpu.applications.v1.ApplicationsService", "NotAcceptApplication" },
        { "huangpu.applications.v1.ApplicationsService", "RequestSupplement" },
        { "huangpu.applications.v1.ApplicationsService", "ResubmitApplication" },
        { "huangpu.applications.v1.ApplicationsService", "PassPreliminaryReview" },
        { "huangpu.applications.v1.ApplicationsService", "FailPreliminaryReview" },
        { "huangpu.applications.v1.ApplicationsService", "HoldApplication" },
        { "huangpu.applications.v1.ApplicationsService", "ReleaseApplication" },
        { "huangpu.applications.v1.ApplicationsService", "UpholdObjection" },
        { "huangpu.applications.v1.ApplicationsService", "DismissObjection" },
        { "huangpu.compliance.v1.ComplianceService", "OrderClawback" },
        { "huangpu.compliance.v1.ComplianceService", "ApproveClawback" },
        { "huangpu.compliance.v1.ComplianceService", "CloseCase" },
        { "huangpu.payments.v1.PaymentsService", "ReleasePayment" },
        { "huangpu.payments.v1.PaymentsService", "CancelPayment" },
        { "huangpu.payments.v1.PaymentsService", "WriteOffReceivable" },
        { "huangpu.payments.v1.PaymentsService", "ApproveWriteOff" },
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void A_method_s_own_request_reads_what_a_1_0_client_sends(string service, string method)
    {
        var request = Service(service).FindMethodByName(method).InputType;
        Assert.Equal($"{method}Request", request.Name);
        var released = ReleasedRequestOf(service, method);

        foreach (var field in request.Fields.InDeclarationOrder())
        {
            var old = released.FirstOrDefault(f => f.Name == field.Name);
            if (old.Name is null)
            {
                Assert.DoesNotContain(released, f => f.Number == field.FieldNumber); // a new field never takes an old number
                continue;
            }

            Assert.Equal((old.Number, old.Type, old.Repeated), (field.FieldNumber, field.FieldType, field.IsRepeated));
            Assert.Equal(ToJsonName(old.Name), field.JsonName);
        }

        // What every method of 1.0 read: its resource's id, the reason and the idempotency key.
        Assert.All(released.Where(f => f.Name.EndsWith("_id", StringComparison.Ordinal) || f.Name == "reason"), f => Assert.NotNull(request.FindFieldByName(f.Name)));
    }

    [Fact]
    public void Only_the_supplement_request_carries_the_supplement_s_fields_and_only_confirm_the_declaration()
    {
        var service = ApplicationsService.Descriptor;
        foreach (var method in service.Methods.Where(m => m.InputType.FindFieldByName("expected_version") is not null))
        {
            Assert.Equal(method.Name == "RequestSupplement", method.InputType.FindFieldByName("missing_items") is not null);
            Assert.Equal(method.Name == "ConfirmApplication", method.InputType.FindFieldByName("declaration") is not null);
        }
    }

    private static ServiceDescriptor Service(string name) => name switch
    {
        "huangpu.applications.v1.ApplicationsService" => ApplicationsService.Descriptor,
        "huangpu.compliance.v1.ComplianceService" => ComplianceService.Descriptor,
        _ => PaymentsService.Descriptor,
    };

    private static (string Name, int Number, FieldType Type, bool Repeated)[] ReleasedRequestOf(string service, string method) => service switch
    {
        "huangpu.applications.v1.ApplicationsService" when method.EndsWith("Objection", StringComparison.Ordinal) => ResolveObjectionRequest,
        "huangpu.applications.v1.ApplicationsService" => ApplicationActionRequest,
        "huangpu.compliance.v1.ComplianceService" => IdReasonKey("case_id"),
        _ when method.Contains("Payment", StringComparison.Ordinal) => IdReasonKey("payment_id"),
        _ => IdReasonKey("receivable_id"),
    };

    private static (string Name, int Number, FieldType Type, bool Repeated)[] IdReasonKey(string id) =>
        [(id, 1, FieldType.String, false), ("reason", 2, FieldType.String, false), ("request_id", 3, FieldType.String, false)];

    private static string ToJsonName(string name) =>
        string.Concat(name.Split('_').Select((part, i) => i == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
}
