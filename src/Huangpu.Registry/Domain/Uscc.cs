namespace Huangpu.Registry.Domain;

/// <summary>Why a Unified Social Credit Code (统一社会信用代码) was refused.</summary>
public enum UsccFailure
{
    Missing,
    Length,
    Charset,
    CheckDigit,
}

/// <summary>The outcome of <see cref="Uscc.Validate"/>: the normalised code, or the failed check.</summary>
public sealed record UsccValidation(string Normalized, UsccFailure? Failure, string? FailureEnglish, string? FailureChinese, IReadOnlyList<string> Warnings)
{
    public bool IsValid => Failure is null;
}

/// <summary>
/// GB 32100-2015 validation of the 18-character Unified Social Credit Code. Input is trimmed and upper-cased,
/// nothing else is forgiven. Character 18 is a check digit over the first 17 (mod 31); characters 9–17
/// are the organisation code whose GB 11714 check digit (mod 11) is only a warning, because many valid
/// codes in circulation fail it and the common validators do not check it.
/// </summary>
public static class Uscc
{
    public const int Length = 18;
    private const string Charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] OrganizationCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    public static UsccValidation Validate(string? input)
    {
        var code = (input ?? string.Empty).Trim().ToUpperInvariant();
        if (code.Length == 0)
        {
            return Fail(code, UsccFailure.Missing, "The USCC is required.", "统一社会信用代码为必填项。");
        }

        if (code.Length != Length)
        {
            return Fail(code, UsccFailure.Length, $"A USCC has {Length} characters; this one has {code.Length}.", $"统一社会信用代码应为 {Length} 位，实际为 {code.Length} 位。");
        }

        var sum = 0;
        for (var i = 0; i < Length; i++)
        {
            var value = Charset.IndexOf(code[i], StringComparison.Ordinal);
            if (value < 0)
            {
                return Fail(code, UsccFailure.Charset, $"Character {i + 1} ('{code[i]}') is not allowed (0-9 and A-Y without I, O, S, V, Z).", $"第 {i + 1} 位字符“{code[i]}”不合法（仅限 0-9 及除 I、O、S、V、Z 外的大写字母）。");
            }

            if (i < Length - 1)
            {
                sum += value * Weights[i];
            }
        }

        var expected = CheckDigitOf(sum);
        if (code[Length - 1] != expected)
        {
            return Fail(code, UsccFailure.CheckDigit, $"The check digit (character 18) should be '{expected}', not '{code[Length - 1]}'.", $"校验码（第 18 位）应为“{expected}”，而非“{code[Length - 1]}”。");
        }

        var warnings = new List<string>();
        var inner = OrganizationCodeCheckDigit(code.AsSpan(8, 8));
        if (inner is { } innerExpected && code[16] != innerExpected)
        {
            warnings.Add($"ORGANIZATION_CODE_CHECK_DIGIT: the GB 11714 check digit of characters 9-17 should be '{innerExpected}', not '{code[16]}'");
        }

        return new UsccValidation(code, null, null, null, warnings);
    }

    /// <summary>The GB 32100 check digit (character 18) of the first 17 characters of a code, all of the allowed set.</summary>
    public static char CheckDigit(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < Length - 1; i++)
        {
            sum += Charset.IndexOf(first17[i], StringComparison.Ordinal) * Weights[i];
        }

        return CheckDigitOf(sum);
    }

    private static char CheckDigitOf(int weightedSum) => Charset[(31 - (weightedSum % 31)) % 31];

    /// <summary>GB 11714 check digit of an 8-character organisation code body; null when it holds characters GB 11714 does not value.</summary>
    public static char? OrganizationCodeCheckDigit(ReadOnlySpan<char> body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            int value;
            if (c is >= '0' and <= '9')
            {
                value = c - '0';
            }
            else if (c is >= 'A' and <= 'Z')
            {
                value = c - 'A' + 10;
            }
            else
            {
                return null;
            }

            sum += value * OrganizationCodeWeights[i];
        }

        var check = 11 - (sum % 11);
        return check switch
        {
            10 => 'X',
            11 => '0',
            _ => (char)('0' + check),
        };
    }

    private static UsccValidation Fail(string code, UsccFailure failure, string english, string chinese) =>
        new(code, failure, english, chinese, []);
}
