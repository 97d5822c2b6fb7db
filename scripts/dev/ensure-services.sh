#!/usr/bin/env bash
# Makes sure MariaDB (127.0.0.1:3306, root, no password) and Redis (127.0.0.1:6379) are running,
# installing them from Debian's packages when missing. Used by .ci/run before the test suite.
set -euo pipefail
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then $SUDO apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

if ! mariadb -uroot -h127.0.0.1 -e 'select 1' >/dev/null 2>&1; then
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || apt_install mariadb-server mariadb-client
  $SUDO mkdir -p /run/mysqld && $SUDO chown mysql /run/mysqld
  $SUDO start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
  for _ in $(seq 1 60); do mariadb -uroot -h127.0.0.1 -e 'select 1' >/dev/null 2>&1 && break; sleep 1; done
fi
mariadb -uroot -h127.0.0.1 -e 'select 1' >/dev/null && echo "MariaDB ready on 127.0.0.1:3306"

if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no
  sleep 1
fi
echo "Redis ready on 127.0.0.1:6379"

# Browser tests drive Debian's Chromium (no downloaded browser builds here); CJK fonts for screenshots.
if ! command -v chromium >/dev/null 2>&1; then apt_install chromium fonts-noto-cjk; fi
fc-list 2>/dev/null | grep -qi "noto.*cjk" || apt_install fonts-noto-cjk
echo "Chromium: $(chromium --version 2>/dev/null || echo missing)"
