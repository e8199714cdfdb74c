using System.IO.Compression;
using Huangpu.Applications.Documents;

namespace Huangpu.Applications.Tests;

public sealed class DocumentTypesTests
{
    private static byte[] Zip(params string[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
                writer.Write("<x/>");
            }
        }

        return stream.ToArray();
    }

    public static TheoryData<byte[], string?> Samples() => new()
    {
        { "%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"u8.ToArray(), DocumentTypes.Pdf },
        { "%PDF-2.0\n%%EOF"u8.ToArray(), DocumentTypes.Pdf },
        { "%PDF-<html><body><script>alert(1)</script></body></html>"u8.ToArray(), null }, // HTML behind a PDF's first bytes
        { "%PDF-1.7\n<html><body>no end-of-file marker</body></html>"u8.ToArray(), null },
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], DocumentTypes.Png },
        { [0xFF, 0xD8, 0xFF, 0xE0, 0, 16], DocumentTypes.Jpeg },
        { Zip("OFD.xml", "Doc_0/Document.xml"), DocumentTypes.Ofd },
        { Zip("[Content_Types].xml", "word/document.xml"), DocumentTypes.Docx },
        { Zip("[Content_Types].xml", "xl/workbook.xml"), DocumentTypes.Xlsx },
        { Zip("readme.txt"), null },                     // a ZIP, but none of the accepted documents
        { "MZ\u0090\0"u8.ToArray(), null },              // an executable
        { "<html><body>hi</body></html>"u8.ToArray(), null },
        { "PK\u0003\u0004 not really a zip"u8.ToArray(), null },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_type_comes_from_the_bytes(byte[] bytes, string? expected) =>
        Assert.Equal(expected, DocumentTypes.Sniff(bytes));
}
