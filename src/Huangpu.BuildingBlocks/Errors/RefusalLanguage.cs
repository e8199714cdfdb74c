using Google.Rpc;
using Microsoft.Net.Http.Headers;
using Status = Google.Rpc.Status;

namespace Huangpu.BuildingBlocks.Errors;

/// <summary>
/// The language of a refusal's <c>message</c>, chosen by the caller's <c>Accept-Language</c>: Chinese unless the
/// caller prefers English (its most preferred of the two, by quality, then by order). Every refusal carries both
/// languages as LocalizedMessage details (zh-CN, en-US) whichever is chosen, so a client may show either.
/// </summary>
public static class RefusalLanguage
{
    public const string Chinese = "zh-CN";
    public const string English = "en-US";

    /// <summary>The locale to answer in: <see cref="English"/> or <see cref="Chinese"/> (the default, and for any other language).</summary>
    public static string Choose(string? acceptLanguage)
    {
        if (string.IsNullOrWhiteSpace(acceptLanguage) || !StringWithQualityHeaderValue.TryParseList([acceptLanguage], out var ranges))
        {
            return Chinese;
        }

        var best = (Locale: Chinese, Quality: -1.0);
        foreach (var range in ranges)
        {
            var tag = range.Value.Value ?? string.Empty;
            var locale = tag.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English
                : tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Chinese
                : null;
            var quality = range.Quality ?? 1.0;
            if (locale is not null && quality > 0 && quality > best.Quality)
            {
                best = (locale, quality);
            }
        }

        return best.Locale;
    }

    /// <summary>The status with its <c>message</c> in the language the caller's <c>Accept-Language</c> asks for (<see cref="Choose"/>).</summary>
    public static Status AsAsked(Status status, string? acceptLanguage) => InLanguage(status, Choose(acceptLanguage));

    /// <summary>
    /// The status with its <c>message</c> in <paramref name="locale"/>, from its LocalizedMessage of that locale; the
    /// status itself when it has none or already reads so.
    /// </summary>
    public static Status InLanguage(Status status, string locale)
    {
        foreach (var detail in status.Details)
        {
            if (detail.TryUnpack<LocalizedMessage>(out var localized) && localized.Locale == locale)
            {
                if (localized.Message == status.Message)
                {
                    return status;
                }

                var answer = status.Clone();
                answer.Message = localized.Message;
                return answer;
            }
        }

        return status;
    }
}
