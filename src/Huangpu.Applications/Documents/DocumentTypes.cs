using System.IO.Compression;

namespace Huangpu.Applications.Documents;

/// <summary>
/// The evidence types the bureau accepts, recognised from the bytes themselves (never from the declared
/// type or a file name): PDF, OFD (the national fixed-layout format, a ZIP with OFD.xml), JPEG, PNG,
/// DOCX and XLSX (ZIPs with their main parts).
/// </summary>
public static class DocumentTypes
{
    public const string Pdf = "application/pdf";
    public const string Ofd = "application/ofd";
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public const int MaxBytes = 20 * 1024 * 1024;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    public static IReadOnlyList<string> Allowed { get; } = [Pdf, Ofd, Jpeg, Png, Docx, Xlsx];

    /// <summary>The media type the bytes are, or null when they are none of the allowed types.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("%PDF-"u8))
        {
            return IsPdf(bytes) ? Pdf : null;
        }

        if (bytes.StartsWith(PngSignature))
        {
            return Png;
        }

        if (bytes.StartsWith(JpegSignature))
        {
            return Jpeg;
        }

        return bytes.StartsWith("PK\u0003\u0004"u8) ? SniffZip(bytes.ToArray()) : null;
    }

    /// <summary>
    /// A PDF by its structure, not its first five bytes: the header names a version (%PDF-1.0 to %PDF-2.0) and
    /// the file ends with the end-of-file marker %%EOF (readers look for it in the last 1024 bytes). A page
    /// of HTML or a script that merely starts with "%PDF-" is neither.
    /// </summary>
    private static bool IsPdf(ReadOnlySpan<byte> bytes)
    {
        var versioned = bytes.Length >= 8 && bytes[5] is (byte)'1' or (byte)'2' && bytes[6] == (byte)'.' && char.IsAsciiDigit((char)bytes[7]);
        var tail = bytes[Math.Max(0, bytes.Length - 1024)..];
        return versioned && tail.IndexOf("%%EOF"u8) >= 0;
    }

    private static string? SniffZip(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            return names.Contains("OFD.xml") ? Ofd
                : names.Contains("word/document.xml") ? Docx
                : names.Contains("xl/workbook.xml") ? Xlsx
                : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}

/// <summary>An uploaded evidence document, kept durably by its SHA-256.</summary>
public sealed class StoredDocument
{
    public required string Sha256 { get; set; }

    public required string MediaType { get; set; }

    public long SizeBytes { get; set; }

    public required byte[] Content { get; set; }

    public required string UploadedBy { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}
