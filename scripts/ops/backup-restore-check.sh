#!/usr/bin/env bash
# Backup and restore, proven: dumps a Tableside database with a consistent snapshot
# (--single-transaction: InnoDB, no table locks, the server keeps taking bills), restores the dump
# into a new database, and compares every table's row count and CHECKSUM. Exits non-zero on any
# difference. Run it against a copy of production regularly (a backup never restored is a hope).
#
#   scripts/ops/backup-restore-check.sh <database> [dump-file]
# Connection: MYSQL_HOST (127.0.0.1), MYSQL_PORT (3306), MYSQL_USER (root), MYSQL_PWD (empty).
set -euo pipefail
db="${1:?usage: backup-restore-check.sh <database> [dump-file]}"
dump="${2:-/tmp/${db}-$(date +%Y%m%d-%H%M%S).sql.gz}"
restore="${db}_restore_check"
conn=(-h "${MYSQL_HOST:-127.0.0.1}" -P "${MYSQL_PORT:-3306}" -u "${MYSQL_USER:-root}")
dumper=$(command -v mariadb-dump || command -v mysqldump)
client=$(command -v mariadb || command -v mysql)

t0=$(date +%s)
"$dumper" "${conn[@]}" --single-transaction --quick --routines --triggers --hex-blob \
  --default-character-set=utf8mb4 "$db" | gzip -1 > "$dump"
t1=$(date +%s)
"$client" "${conn[@]}" -e "DROP DATABASE IF EXISTS \`$restore\`; CREATE DATABASE \`$restore\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
gunzip -c "$dump" | "$client" "${conn[@]}" "$restore"
t2=$(date +%s)

tables=$("$client" "${conn[@]}" -N -e "SELECT table_name FROM information_schema.tables WHERE table_schema='$db' AND table_type='BASE TABLE' ORDER BY table_name")
bad=0
rows=0
for t in $tables; do
  a=$("$client" "${conn[@]}" -N -e "SELECT COUNT(*) FROM \`$db\`.\`$t\`; CHECKSUM TABLE \`$db\`.\`$t\`" | awk 'NR==1{c=$1} NR==2{print c, $2}')
  b=$("$client" "${conn[@]}" -N -e "SELECT COUNT(*) FROM \`$restore\`.\`$t\`; CHECKSUM TABLE \`$restore\`.\`$t\`" | awk 'NR==1{c=$1} NR==2{print c, $2}')
  if [ "$a" != "$b" ]; then echo "DIFFERENT $t: $a vs $b"; bad=1; fi
  rows=$((rows + ${a%% *}))
done
"$client" "${conn[@]}" -e "DROP DATABASE \`$restore\`"
echo "backup $dump ($(du -h "$dump" | cut -f1)) of $db: $(echo "$tables" | wc -w) tables, $rows rows; dump $((t1 - t0)) s, restore $((t2 - t1)) s; $( [ $bad = 0 ] && echo 'restore identical (row counts and CHECKSUM of every table)' || echo 'RESTORE DIFFERS')"
exit $bad
