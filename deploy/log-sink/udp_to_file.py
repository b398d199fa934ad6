"""log-sink: receives HAProxy's syslog datagrams and appends each as one line to an access-log file.

HAProxy cannot write files itself. The access-log source connector tails the file (its syslog prefix is
fine: Fulcrum's HAProxy parser accepts RFC 3164 and RFC 5424 headers). No rotation here: it is a demo.
"""
import os
import socket

PORT = int(os.environ.get("LISTEN_PORT", "5140"))
PATH = os.environ.get("LOG_FILE", "/var/log/lb/haproxy.log")

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("0.0.0.0", PORT))
print(f"log-sink: udp/{PORT} -> {PATH}", flush=True)
with open(PATH, "ab", buffering=0) as out:
    while True:
        datagram, _ = sock.recvfrom(65535)
        out.write(datagram.rstrip(b"\r\n\0") + b"\n")
