using Huangpu.Registry.Domain;

namespace Huangpu.Registry.Tests;

public sealed class UsccTests
{
    [Theory]
    [InlineData("91440300708461136T")] // a published code (Shenzhen)
    [InlineData("91310000630405061X")] // registered with the Shanghai city authority: 310000, yet may be located in Huangpu
    [InlineData("91310101MA1FL3X21R")]
    [InlineData("91110000802100433B")]
    [InlineData("12100000400000624D")] // characters 1-2 need not be 91
    public void Published_codes_are_valid_without_warnings(string code)
    {
        var result = Uscc.Validate(code);
        Assert.True(result.IsValid);
        Assert.Equal(code, result.Normalized);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Input_is_trimmed_and_upper_cased()
    {
        var result = Uscc.Validate("  91310101ma1fl3x21r\t");
        Assert.True(result.IsValid);
        Assert.Equal("91310101MA1FL3X21R", result.Normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_code_is_refused_as_missing(string? code) =>
        Assert.Equal(UsccFailure.Missing, Uscc.Validate(code).Failure);

    [Theory]
    [InlineData("91440300708461136")]
    [InlineData("91440300708461136TT")]
    [InlineData("9144030070846113-6T")]
    public void A_code_of_the_wrong_length_is_refused_as_length(string code) =>
        Assert.Equal(UsccFailure.Length, Uscc.Validate(code).Failure);

    [Theory]
    [InlineData("91440300708461I36T", 15)] // I is not in the charset
    [InlineData("9144030070846O136T", 14)]
    [InlineData("91440300708461S36T", 15)]
    [InlineData("91440300708461V36T", 15)]
    [InlineData("91440300708461Z36T", 15)]
    [InlineData("914403007084611-6T", 16)]
    public void A_character_outside_the_charset_is_refused_naming_its_position(string code, int position)
    {
        var result = Uscc.Validate(code);
        Assert.Equal(UsccFailure.Charset, result.Failure);
        Assert.Contains($"Character {position} ", result.FailureEnglish, StringComparison.Ordinal);
        Assert.Contains($"第 {position} 位", result.FailureChinese, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("91440300708461136A", 'T')]
    [InlineData("91310000630405061Y", 'X')]
    [InlineData("91310101MA1FL3X210", 'R')]
    public void A_wrong_check_digit_is_refused_naming_the_expected_one(string code, char expected)
    {
        var result = Uscc.Validate(code);
        Assert.Equal(UsccFailure.CheckDigit, result.Failure);
        Assert.Contains($"should be '{expected}'", result.FailureEnglish, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_organization_code_check_digit_is_only_a_warning()
    {
        // Valid GB 32100 check digit (character 18), but character 17 is not the GB 11714 check digit of 9-16.
        var result = Uscc.Validate("91310101MA1FL3X256");
        Assert.True(result.IsValid);
        var warning = Assert.Single(result.Warnings);
        Assert.StartsWith("ORGANIZATION_CODE_CHECK_DIGIT", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("70846113", '6')]
    [InlineData("MA1FL3X2", '1')]
    [InlineData("40000062", '4')]
    public void Organization_code_check_digit_follows_gb_11714(string body, char expected) =>
        Assert.Equal(expected, Uscc.OrganizationCodeCheckDigit(body));
}
