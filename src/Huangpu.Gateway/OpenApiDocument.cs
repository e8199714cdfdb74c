using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Google.Protobuf.Reflection;
using Huangpu.Grpc;

namespace Huangpu.Gateway;

/// <summary>
/// The OpenAPI 3 document of the REST surface, built from the same google.api.http annotations that JSON
/// transcoding serves, so the document and the routes cannot drift. Schemas follow proto3 JSON: lowerCamelCase
/// names, enums as their names, int64 as strings, timestamps as RFC 3339.
/// </summary>
internal static class OpenApiDocument
{
    private const string StatusSchema = "google.rpc.Status";

    public static JsonObject Build()
    {
        var schemas = new JsonObject();
        var paths = new JsonObject();
        foreach (var route in RestRoutes.All)
        {
            var (method, verb, template, body) = route;
            var service = method.Service;
            var pathFields = RestRoute.Variables(template).Select(v => v.Name).ToList();
            var parameters = new JsonArray();
            foreach (var name in pathFields)
            {
                parameters.Add(new JsonObject { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
            }

            if (body.Length == 0)
            {
                foreach (var field in method.InputType.Fields.InDeclarationOrder().Where(f => !pathFields.Contains(f.Name) && f.FieldType != FieldType.Message))
                {
                    parameters.Add(new JsonObject { ["name"] = field.JsonName, ["in"] = "query", ["required"] = false, ["schema"] = FieldSchema(field, schemas) });
                }
            }

            var operation = new JsonObject
            {
                ["operationId"] = $"{service.Name}.{method.Name}",
                ["tags"] = new JsonArray(service.Name),
                ["description"] = $"gRPC: /{route.MethodPath}",
                ["parameters"] = parameters,
                ["responses"] = new JsonObject
                {
                    ["200"] = new JsonObject { ["description"] = "OK", ["content"] = Json(Ref(method.OutputType, schemas)) },
                    ["default"] = new JsonObject { ["description"] = "google.rpc.Status with details", ["content"] = Json(new JsonObject { ["$ref"] = $"#/components/schemas/{StatusSchema}" }) },
                },
            };
            if (body.Length > 0)
            {
                operation["parameters"]!.AsArray().Add(new JsonObject
                {
                    ["name"] = "Idempotency-Key",
                    ["in"] = "header",
                    ["required"] = false,
                    ["description"] = "Makes the write happen once per caller and route (the first answer is returned again).",
                    ["schema"] = new JsonObject { ["type"] = "string" },
                });
                operation["requestBody"] = new JsonObject { ["required"] = true, ["content"] = Json(Ref(method.InputType, schemas)) };
            }

            var path = paths[template] as JsonObject ?? new JsonObject();
            path[verb] = operation;
            paths[template] = path;
        }

        schemas[StatusSchema] = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["code"] = new JsonObject { ["type"] = "integer" },
                ["message"] = new JsonObject { ["type"] = "string" },
                ["details"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object" } },
            },
        };
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject { ["title"] = "Huangpu Platform", ["version"] = "v1", ["description"] = "REST/JSON surface of the Huangpu HR-service support platform (黄人社规〔2024〕2号). Every route is also a gRPC method." },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["securitySchemes"] = new JsonObject { ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT" } },
            },
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }),
        };
    }

    private static JsonObject Json(JsonNode schema) => new() { ["application/json"] = new JsonObject { ["schema"] = schema } };

    private static JsonObject Ref(MessageDescriptor message, JsonObject schemas)
    {
        Define(message, schemas);
        return new JsonObject { ["$ref"] = $"#/components/schemas/{message.FullName}" };
    }

    private static void Define(MessageDescriptor message, JsonObject schemas)
    {
        if (schemas.ContainsKey(message.FullName))
        {
            return;
        }

        var properties = new JsonObject();
        schemas[message.FullName] = new JsonObject { ["type"] = "object", ["properties"] = properties };
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            var schema = FieldSchema(field, schemas);
            properties[field.JsonName] = field.IsRepeated ? new JsonObject { ["type"] = "array", ["items"] = schema } : schema;
        }
    }

    private static JsonObject FieldSchema(FieldDescriptor field, JsonObject schemas) => field.FieldType switch
    {
        FieldType.String => new JsonObject { ["type"] = "string" },
        FieldType.Bool => new JsonObject { ["type"] = "boolean" },
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 or FieldType.UInt32 or FieldType.Fixed32 => new JsonObject { ["type"] = "integer", ["format"] = "int32" },
        // proto3 JSON writes 64-bit integers as strings (money in fen passes 2^53 nowhere, but exactly).
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 or FieldType.UInt64 or FieldType.Fixed64 => new JsonObject { ["type"] = "string", ["format"] = "int64" },
        FieldType.Double or FieldType.Float => new JsonObject { ["type"] = "number" },
        FieldType.Bytes => new JsonObject { ["type"] = "string", ["format"] = "byte" },
        FieldType.Enum => new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. field.EnumType.Values.Select(v => (JsonNode)v.Name)]) },
        FieldType.Message when field.MessageType.FullName == "google.protobuf.Timestamp" => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
        FieldType.Message => Ref(field.MessageType, schemas),
        _ => new JsonObject { ["type"] = "string" },
    };
}
