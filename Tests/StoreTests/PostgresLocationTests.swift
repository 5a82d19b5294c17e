import Foundation
import TestSupport
import Testing

@testable import Store

/// How a `postgres://` address, its password and SQLite-style parameters are read.
struct PostgresLocationTests {
    @Test func thePasswordComesFromTheEnvironmentOrThePassFileNeverTheManifest() throws {
        let url = "postgres://worker@db.example.com:6543/calls"
        let plain = try #require(PostgresLocation(url: url, environment: [:]))
        #expect(plain.host == "db.example.com" && plain.port == 6543 && plain.user == "worker")
        #expect(plain.database == "calls" && plain.password == nil)
        #expect(plain.display == "postgres://worker@db.example.com:6543/calls")
        #expect(PostgresLocation(url: url, environment: ["PGPASSWORD": "s3cret"])?.password == "s3cret")

        let passFile = try temporaryDirectory("pgpass") + "/pgpass"
        try """
        # host:port:database:user:password
        other.example.com:*:*:*:wrong
        db.example.com:6543:calls:worker:pa\\:ss\\\\word
        *:*:*:*:fallback
        """.write(toFile: passFile, atomically: true, encoding: .utf8)
        #expect(PostgresLocation(url: url, environment: ["PGPASSFILE": passFile])?.password == #"pa:ss\word"#)
        let elsewhere = PostgresLocation(url: "postgres://a@b/c", environment: ["PGPASSFILE": passFile])
        #expect(elsewhere?.password == "fallback" && elsewhere?.port == 5432)
        for bad in ["postgres://host-only", "postgres:///nohost", "/var/lib/callsift.sqlite", "mysql://a@b/c"] {
            #expect(PostgresLocation(url: bad, environment: [:]) == nil, "\(bad)")
        }
    }

    @Test func parametersAreNumberedOutsideQuotesAndCasts() {
        let (named, order) = PostgresParameters.numbered(
            "SELECT ':not' AS a, x::text, y FROM t WHERE id = :id AND (owner = :owner OR :id IS NULL) AND z = '?'")
        #expect(
            named == "SELECT ':not' AS a, x::text, y FROM t WHERE id = $1 AND (owner = $2 OR $1 IS NULL) AND z = '?'")
        #expect(order == ["id", "owner"])
        let (positional, slots) = PostgresParameters.numbered("UPDATE t SET a = ?, b = ? WHERE c = ?")
        #expect(positional == "UPDATE t SET a = $1, b = $2 WHERE c = $3" && slots == [nil, nil, nil])
    }

    @Test func timesAreStoredAsGRDBWritesThem() {
        let date = Date(timeIntervalSince1970: 1_800_000_000.4567)
        #expect(SQLTime.text(date) == "2027-01-15 08:00:00.456")
        let read = SQLTime.date("2027-01-15 08:00:00.456")?.timeIntervalSince1970 ?? 0
        #expect(abs(read - 1_800_000_000.456) < 0.000_001)
        #expect(SQLTime.date("2027-01-15 08:00:00") == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(SQLTime.date("yesterday") == nil)
    }
}
