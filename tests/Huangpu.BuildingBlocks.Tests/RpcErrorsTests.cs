using Google.Rpc;
using Grpc.Core;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.BuildingBlocks.Persistence;

namespace Huangpu.BuildingBlocks.Tests;

public sealed class RpcErrorsTests
{
    [Fact]
    public void Invalid_argument_names_each_field_in_both_languages()
    {
        var ex = RpcErrors.InvalidArgument([new FieldProblem("uscc", "is required", "必填"), new FieldProblem("name", "too long", "过长")]);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var status = ex.GetRpcStatus()!;
        Assert.Equal(["uscc", "name"], status.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Contains("必填", status.GetDetail<BadRequest>().FieldViolations[0].Description, StringComparison.Ordinal);
        Assert.Equal("zh-CN", status.GetDetail<LocalizedMessage>().Locale);
        Assert.Equal("INVALID_ARGUMENT", status.GetDetail<ErrorInfo>().Reason);
    }

    [Fact]
    public void Failed_precondition_carries_a_precondition_failure()
    {
        var ex = RpcErrors.FailedPrecondition("STATE", "APPLICATION_STATUS_ACCEPTED", "Cannot accept twice", "不能重复受理");
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        var violation = Assert.Single(ex.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations);
        Assert.Equal("APPLICATION_STATUS_ACCEPTED", violation.Subject);
    }

    [Fact]
    public void Permission_denied_can_name_the_refused_field()
    {
        var ex = RpcErrors.PermissionDenied("BUREAU_OWNED_FIELD", "bureau-owned", "部门维护", "registeredDistrictCode");
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Equal("registeredDistrictCode", Assert.Single(ex.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }
}
