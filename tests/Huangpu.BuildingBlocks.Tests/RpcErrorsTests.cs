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
    public void An_internal_error_gives_its_correlation_id_in_both_languages_and_nothing_else()
    {
        var ex = RpcErrors.Internal("4bf92f3577b34da6a3ce929d0e0e4736");
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        var status = ex.GetRpcStatus()!;
        Assert.Equal("An internal error occurred; correlation id 4bf92f3577b34da6a3ce929d0e0e4736.", status.Message);
        var info = status.GetDetail<ErrorInfo>();
        Assert.Equal("INTERNAL", info.Reason);
        Assert.Equal(new Dictionary<string, string> { ["correlationId"] = "4bf92f3577b34da6a3ce929d0e0e4736" }, info.Metadata);
        Assert.Equal(
            [("zh-CN", "系统内部错误，关联编号 4bf92f3577b34da6a3ce929d0e0e4736。"), ("en-US", "An internal error occurred; correlation id 4bf92f3577b34da6a3ce929d0e0e4736.")],
            status.Details.Where(d => d.Is(LocalizedMessage.Descriptor)).Select(d => d.Unpack<LocalizedMessage>()).Select(m => (m.Locale, m.Message)));
        Assert.Equal(3, status.Details.Count);
    }

    [Fact]
    public void Permission_denied_can_name_the_refused_field()
    {
        var ex = RpcErrors.PermissionDenied("BUREAU_OWNED_FIELD", "bureau-owned", "部门维护", "registeredDistrictCode");
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Equal("registeredDistrictCode", Assert.Single(ex.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }
}

public sealed class RefusalLanguageTests
{
    [Theory]
    [InlineData(null, "zh-CN")]
    [InlineData("", "zh-CN")]
    [InlineData("fr-FR", "zh-CN")]
    [InlineData("en", "en-US")]
    [InlineData("en-GB,en;q=0.9", "en-US")]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN")]
    [InlineData("fr, en;q=0.5, zh;q=0.4", "en-US")]
    [InlineData("en;q=0.3, zh-TW;q=0.7", "zh-CN")]
    [InlineData("en;q=0, fr", "zh-CN")]
    [InlineData("not a ;;; header", "zh-CN")]
    public void The_callers_most_preferred_of_chinese_and_english_is_chosen_and_chinese_otherwise(string? acceptLanguage, string expected) =>
        Assert.Equal(expected, RefusalLanguage.Choose(acceptLanguage));

    [Fact]
    public void Every_refusal_carries_both_languages_and_answers_in_the_one_asked_for()
    {
        var status = RpcErrors.NotFound("huangpu.registry.v1.Organization", "X", "No organisation X.", "没有机构 X。").GetRpcStatus()!;

        Assert.Equal(["zh-CN", "en-US"], status.Details.Where(d => d.Is(LocalizedMessage.Descriptor)).Select(d => d.Unpack<LocalizedMessage>().Locale));
        Assert.Equal("No organisation X.", status.Message);
        Assert.Equal("没有机构 X。", RefusalLanguage.InLanguage(status, RefusalLanguage.Chinese).Message);
        Assert.Same(status, RefusalLanguage.InLanguage(status, RefusalLanguage.English));
        Assert.Equal("No organisation X.", status.Message); // the original is left as it was
    }

    [Fact]
    public void A_status_without_localized_messages_is_left_alone()
    {
        var status = new Google.Rpc.Status { Code = 5, Message = "plain" };
        Assert.Same(status, RefusalLanguage.InLanguage(status, RefusalLanguage.Chinese));
    }
}

public sealed class AmountTextTests
{
    [Theory]
    [InlineData(1_500_000_000L, "1,500 万元", "CNY 15,000,000.00")]
    [InlineData(1_000_000L, "1 万元", "CNY 10,000.00")]
    [InlineData(123_456L, "1,234.56 元", "CNY 1,234.56")]
    [InlineData(1_000_001L, "10,000.01 元", "CNY 10,000.01")]
    [InlineData(0L, "0.00 元", "CNY 0.00")]
    public void Amounts_in_fen_read_in_wan_yuan_when_whole_and_in_yuan_otherwise(long fen, string chinese, string english)
    {
        Assert.Equal(chinese, Huangpu.Contracts.AmountText.Chinese(fen));
        Assert.Equal(english, Huangpu.Contracts.AmountText.English(fen));
    }
}
