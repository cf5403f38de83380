import { expect } from "chai";
import { T, T2 } from "../lib/types";
import { aws } from "./fixtures";
import { findings } from "./rules";

const RULES = [
  "rds-parameter-group-secure-transport",
  "rds-mysql-uses-secure-transport-group",
  "jdbc-connection-ssl",
];

describe("TLS to MySQL, MariaDB and JDBC databases", () => {
  it("MySQL and MariaDB without require_secure_transport, an Aurora MySQL cluster on the default group", async () => {
    const r = [
      aws(T.rdsParameterGroup, "mysql8", { family: "mysql8.0", parameters: [] }),
      aws(T.rdsInstance, "db", { engine: "mysql", parameterGroupName: "mysql8" }),
      aws(T.rdsInstance, "maria", { engine: "mariadb" }),
      aws(T.rdsCluster, "aurora", { engine: "aurora-mysql" }),
    ];
    expect(await findings(RULES, r)).to.deep.equal([
      '[mandatory] rds-parameter-group-secure-transport mysql8: parameter group (family "mysql8.0") does not set require_secure_transport = 1, so clients may connect without TLS',
      "[mandatory] rds-mysql-uses-secure-transport-group db: parameter group mysql8 does not set require_secure_transport = 1, so the mysql database accepts plaintext connections",
      "[mandatory] rds-mysql-uses-secure-transport-group maria: parameterGroupName is not set, so the mariadb default parameter group applies and require_secure_transport is off; use a parameter group that sets require_secure_transport = 1",
      "[mandatory] rds-mysql-uses-secure-transport-group aurora: dbClusterParameterGroupName is not set, so the aurora-mysql default parameter group applies and require_secure_transport is off; use a parameter group that sets require_secure_transport = 1",
    ]);
  });

  it("passes: groups that set it (1 or ON), PostgreSQL groups left to rds.force_ssl", async () => {
    const r = [
      aws(T.rdsParameterGroup, "mysql8", {
        family: "mysql8.0",
        parameters: [{ name: "require_secure_transport", value: "1" }],
      }),
      aws(T.rdsParameterGroup, "maria", {
        family: "mariadb10.11",
        parameters: [{ name: "require_secure_transport", value: "ON" }],
      }),
      aws(T.rdsInstance, "db", { engine: "mysql", parameterGroupName: "mysql8" }),
      aws(T.rdsInstance, "m", { engine: "mariadb", parameterGroupName: "maria" }),
      aws(T.rdsParameterGroup, "pg", { family: "postgres16", parameters: [] }),
      aws(T2.glueConnection, "jdbc", {
        connectionType: "JDBC",
        connectionProperties: {
          JDBC_CONNECTION_URL: "jdbc:mysql://db:3306/app",
          JDBC_ENFORCE_SSL: "true",
          SECRET_ID: "s",
        },
      }),
      aws(T2.dmsEndpoint, "src", { engineName: "mysql", sslMode: "verify-full" }),
    ];
    expect(await findings(RULES, r)).to.deep.equal([]);
  });

  it("JDBC connections without SSL: Glue and DMS", async () => {
    const r = [
      aws(T2.glueConnection, "jdbc", {
        connectionProperties: { JDBC_CONNECTION_URL: "jdbc:postgresql://db:5432/app" },
      }),
      aws(T2.dmsEndpoint, "src", { engineName: "postgres" }),
    ];
    expect(await findings(RULES, r)).to.deep.equal([
      '[mandatory] jdbc-connection-ssl jdbc: JDBC connection ("jdbc:postgresql://db:5432/app") has JDBC_ENFORCE_SSL not set, so Glue may connect without TLS; set connectionProperties.JDBC_ENFORCE_SSL: "true"',
      '[mandatory] jdbc-connection-ssl src: sslMode is not set, so DMS connects to the "postgres" endpoint without TLS (DMS\'s default is none); set sslMode: "verify-full"',
    ]);
  });
});
