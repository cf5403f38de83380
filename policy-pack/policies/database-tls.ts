/**
 * TLS to databases beyond PostgreSQL (policies/tls.ts covers rds.force_ssl):
 * MySQL and MariaDB parameter groups (RDS and Aurora MySQL cluster groups)
 * set require_secure_transport, MySQL/MariaDB databases use such a group, and
 * JDBC connections (Glue, DMS) require SSL.
 *
 * require_secure_transport: "You can require that all user connections to
 * your MariaDB DB instance use SSL/TLS by using the require_secure_transport
 * parameter" (RDS user guide, MariaDB and MySQL SSL pages,
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mariadb-ssl-connections.html,
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.html,
 * read 2026-11-30); it is off by default. Accepted values: 1 / ON.
 */
import { resourcePolicy, stackPolicy } from "../lib/define";
import { eachKnown, linkedTargets, Pending } from "../lib/stack";
import { T, T2 } from "../lib/types";
import { asArray, asRecord, inspectable, isOneOf, isSet, show, someKnown } from "../lib/values";

/** Whether a parameter list sets require_secure_transport; an unreadable entry counts only when no other one settles it. */
function requiresSecureTransport(parameters: unknown): boolean {
  return someKnown(asArray(parameters, "parameters"), (p) => {
    const r = asRecord(p, "parameters[]");
    return (
      inspectable(r?.name, "parameters[].name") === "require_secure_transport" &&
      ["1", "ON", "TRUE"].includes(
        String(inspectable(r?.value, "parameters[].value")).toUpperCase(),
      )
    );
  });
}

/** A MySQL, MariaDB or Aurora MySQL family; a secret family throws SecretValueError. */
export function isMysqlFamily(family: unknown): boolean {
  inspectable(family, "family");
  return typeof family === "string" && /^(mysql|mariadb|aurora-mysql)/.test(family);
}

export const rdsParameterGroupSecureTransport = resourcePolicy({
  name: "rds-parameter-group-secure-transport",
  description:
    "MySQL, MariaDB and Aurora MySQL parameter groups set require_secure_transport = 1 so the server refuses plaintext connections.",
  enforcementLevel: "mandatory",
  group: "tls",
  exemptable: true,
  resourceTypes: [T.rdsParameterGroup, T.rdsClusterParameterGroup],
  remediation:
    'Add `{ name: "require_secure_transport", value: "1" }` to the group\'s `parameters` (Aurora MySQL: on the cluster parameter group).',
  validate: (args, report) => {
    if (!isMysqlFamily(args.props.family)) {
      args.notApplicable(`family ${show(args.props.family)} is not MySQL or MariaDB`);
    }
    if (!requiresSecureTransport(args.props.parameters)) {
      report(
        `parameter group (family ${show(args.props.family)}) does not set require_secure_transport = 1, so clients may connect without TLS`,
      );
    }
  },
});

const MYSQL_DATABASES = [
  {
    type: T.rdsInstance,
    engines: ["mysql", "mariadb"],
    prop: "parameterGroupName",
    groupType: T.rdsParameterGroup,
  },
  {
    type: T.rdsCluster,
    engines: ["aurora-mysql", "mysql"],
    prop: "dbClusterParameterGroupName",
    groupType: T.rdsClusterParameterGroup,
  },
] as const;

export const rdsMysqlSecureTransportGroup = stackPolicy({
  name: "rds-mysql-uses-secure-transport-group",
  description:
    "MySQL and MariaDB RDS instances and Aurora MySQL clusters use a parameter group of this stack that sets require_secure_transport = 1.",
  enforcementLevel: "mandatory",
  group: "tls",
  exemptable: true,
  resourceTypes: [T.rdsInstance, T.rdsCluster, T.rdsParameterGroup, T.rdsClusterParameterGroup],
  remediation:
    "Create an `aws.rds.ParameterGroup` (Aurora: `aws.rds.ClusterParameterGroup`) with `require_secure_transport = 1` and pass its name as `parameterGroupName` (cluster: `dbClusterParameterGroupName`).",
  validate: (args, report) => {
    const pending = new Pending();
    for (const db of MYSQL_DATABASES) {
      eachKnown(
        args.resources.filter((r) => r.type === db.type),
        pending,
        (instance) => {
          const engine = inspectable(instance.props.engine, "engine");
          if (typeof engine !== "string" || !(db.engines as readonly string[]).includes(engine))
            return;
          const linked = linkedTargets(args.resources, instance, db.prop, [db.groupType]);
          if (linked.length > 0) {
            if (!linked.some((g) => requiresSecureTransport(g.props.parameters))) {
              report(
                `parameter group ${linked.map((g) => g.name).join(", ")} does not set require_secure_transport = 1, so the ${engine} database accepts plaintext connections`,
                instance.urn,
              );
            }
            return;
          }
          // A secret name may be one of this stack's groups: it cannot be told offline.
          const groupName = inspectable(instance.props[db.prop], db.prop);
          report(
            isSet(groupName)
              ? `${db.prop} ${groupName} is not a parameter group of this stack, so require_secure_transport cannot be verified; define it in the program`
              : `${db.prop} is not set, so the ${engine} default parameter group applies and require_secure_transport is off; use a parameter group that sets require_secure_transport = 1`,
            instance.urn,
          );
        },
      );
    }
    pending.settle();
  },
});

export const jdbcConnectionSsl = resourcePolicy({
  name: "jdbc-connection-ssl",
  description:
    'Glue JDBC connections enforce SSL (JDBC_ENFORCE_SSL = "true") and DMS endpoints do not use sslMode "none".',
  enforcementLevel: "mandatory",
  group: "tls",
  exemptable: true,
  resourceTypes: [T2.glueConnection, T2.dmsEndpoint],
  remediation:
    'Glue: add `JDBC_ENFORCE_SSL: "true"` to `connectionProperties` (AWS Glue connection properties, https://docs.aws.amazon.com/glue/latest/dg/connection-properties.html, read 2026-11-30). DMS: set `sslMode: "verify-full"` (or "require") with the engine\'s CA certificate as `certificateArn`.',
  validate: ({ type, props }, report) => {
    if (type === T2.glueConnection) {
      const properties = asRecord(props.connectionProperties, "connectionProperties") ?? {};
      const url = properties.JDBC_CONNECTION_URL;
      const jdbc =
        isOneOf(props.connectionType, ["JDBC"], "connectionType") ||
        (typeof inspectable(url, "connectionProperties.JDBC_CONNECTION_URL") === "string" &&
          String(url).startsWith("jdbc:"));
      if (!jdbc) return;
      const enforce = inspectable(
        properties.JDBC_ENFORCE_SSL,
        "connectionProperties.JDBC_ENFORCE_SSL",
      );
      if (String(enforce ?? "").toLowerCase() !== "true") {
        report(
          `JDBC connection (${show(url)}) has JDBC_ENFORCE_SSL ${show(properties.JDBC_ENFORCE_SSL)}, so Glue may connect without TLS; set connectionProperties.JDBC_ENFORCE_SSL: "true"`,
        );
      }
      return;
    }
    const mode = inspectable(props.sslMode, "sslMode");
    if (mode === undefined || mode === "none") {
      report(
        `sslMode is ${show(mode)}, so DMS connects to the ${show(props.engineName)} endpoint without TLS (DMS's default is none); set sslMode: "verify-full"`,
      );
    }
  },
});

export const databaseTlsPolicies = [
  rdsParameterGroupSecureTransport,
  rdsMysqlSecureTransportGroup,
  jdbcConnectionSsl,
];
