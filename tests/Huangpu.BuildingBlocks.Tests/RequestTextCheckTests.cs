using Huangpu.BuildingBlocks.Errors;
using Huangpu.Grpc.Applications.V1;

namespace Huangpu.BuildingBlocks.Tests;

/// <summary>What text every service refuses at its edge, naming the field by its JSON path.</summary>
public sealed class RequestTextCheckTests
{
    [Theory]
    [InlineData("上海\u0000公司")]
    [InlineData("\u0007bell")]
    [InlineData("\u001b[31mred")]
    [InlineData("\u200B")]
    [InlineData("\u200B\u200C\u200D\uFEFF")]
    [InlineData("   ")]
    [InlineData("\u3000\t\n")]
    public void Control_characters_and_text_of_only_blank_or_invisible_characters_are_refused(string text) =>
        Assert.NotNull(RequestTextCheck.Check("title", text));

    [Theory]
    [InlineData("")]
    [InlineData("智能人岗匹配专利应用")]
    [InlineData("第一行\n第二行\r\n\t缩进")]
    [InlineData("ＡＩ　人岗匹配")]
    [InlineData("零宽\u200B连接")]
    public void Ordinary_text_passes(string text) =>
        Assert.Null(RequestTextCheck.Check("title", text));

    [Fact]
    public void Every_problem_in_a_request_is_named_by_its_json_path_nested_and_repeated_fields_included()
    {
        var request = new SubmitApplicationRequest
        {
            Title = "ok",
            Summary = "bad\u0000",
            Declaration = new Declaration { SignerName = "\u200B" },
            Documents = { new DocumentRef { Sha256 = "a", Name = "fine.pdf" }, new DocumentRef { Sha256 = "b", Name = "x\u0001" } },
        };
        Assert.Equal(
            ["summary", "declaration.signerName", "documents[1].name"],
            RequestTextCheck.Problems(request).Select(p => p.Field));
    }
}
