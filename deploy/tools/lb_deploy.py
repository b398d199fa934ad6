"""lb-deploy: what a deploy tool does to the demo HAProxy. Points active/<pool>.cfg at a version in the
config store (atomically: new symlink, then rename over the old one) and reloads HAProxy through its
master CLI socket. Usage: lb_deploy.py POOL VERSION
"""
import os
import re
import socket
import sys

STORE = os.environ.get("LB_STORE", "/var/lib/fulcrum/lb-store")
MASTER = os.environ.get("HAPROXY_MASTER_SOCKET", "/var/run/haproxy/master.sock")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def main(argv):
    if len(argv) != 3 or not all(NAME.match(a) for a in argv[1:]):
        sys.exit("usage: lb-deploy POOL VERSION (names: letters, digits, '.', '_', '-')")
    pool, version = argv[1], argv[2]
    relative = f"../versions/{pool}/{version}.cfg"
    if not os.path.isfile(os.path.join(STORE, "active", relative)):
        available = sorted(os.listdir(os.path.join(STORE, "versions", pool))) if os.path.isdir(
            os.path.join(STORE, "versions", pool)) else []
        sys.exit(f"lb-deploy: no version {version} of pool {pool} in {STORE} (have: {', '.join(available) or 'none'})")
    tmp = os.path.join(STORE, "active", f".{pool}.lb-deploy")
    if os.path.lexists(tmp):
        os.remove(tmp)
    os.symlink(relative, tmp)
    os.replace(tmp, os.path.join(STORE, "active", f"{pool}.cfg"))
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(10)
        s.connect(MASTER)
        s.sendall(b"reload\n")
        answer = s.recv(4096).decode(errors="replace").strip()
    print(f"lb-deploy: {pool} -> {version}, HAProxy reloaded {answer}".rstrip())


if __name__ == "__main__":
    main(sys.argv)
