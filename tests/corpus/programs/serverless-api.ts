// A serverless REST API: API Gateway (HTTP API) → Lambda → DynamoDB, as the serverless tutorials write it.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export function program() {
  const table = new aws.dynamodb.Table("items", {
    attributes: [{ name: "id", type: "S" }],
    hashKey: "id",
    billingMode: "PAY_PER_REQUEST",
  });
  const role = new aws.iam.Role("api-role", {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    }),
  });
  new aws.iam.RolePolicyAttachment("api-exec", {
    role: role.name,
    policyArn: "arn:aws:iam::aws:policy/AWSLambdaExecute",
  });
  new aws.iam.RolePolicyAttachment("api-dynamo", {
    role: role.name,
    policyArn: "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
  });
  const fn = new aws.lambda.Function("api-handler", {
    runtime: "nodejs22.x",
    handler: "index.handler",
    role: role.arn,
    code: new pulumi.asset.AssetArchive({
      "index.js": new pulumi.asset.StringAsset(
        "exports.handler = async () => ({ statusCode: 200 });",
      ),
    }),
    environment: { variables: { TABLE_NAME: table.name } },
  });
  const api = new aws.apigatewayv2.Api("http-api", { protocolType: "HTTP" });
  const integration = new aws.apigatewayv2.Integration("api-integration", {
    apiId: api.id,
    integrationType: "AWS_PROXY",
    integrationUri: fn.invokeArn,
    payloadFormatVersion: "2.0",
  });
  new aws.apigatewayv2.Route("api-route", {
    apiId: api.id,
    routeKey: "ANY /{proxy+}",
    target: pulumi.interpolate`integrations/${integration.id}`,
  });
  new aws.apigatewayv2.Stage("api-stage", { apiId: api.id, name: "$default", autoDeploy: true });
  new aws.lambda.Permission("api-invoke", {
    action: "lambda:InvokeFunction",
    function: fn.name,
    principal: "apigateway.amazonaws.com",
  });
  return { endpoint: api.apiEndpoint };
}
