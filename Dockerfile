# noticewatch: the daemon in a container.
#
#   docker build -t noticewatch .
#   docker run --rm -v "$PWD/watchlist.toml:/etc/noticewatch/watchlist.toml:ro" \
#              -v noticewatch-data:/var/lib/noticewatch noticewatch
#
# Runs `noticewatch daemon` in the foreground as an unprivileged user, logs JSON lines to
# stderr, and answers /healthz, /readyz and /metrics on port 9108 inside the container
# (published only if you say so: `-p 127.0.0.1:9108:9108`). SIGTERM (docker stop) stops it
# cleanly; give it more than its --grace (25 s): `docker stop -t 40`, compose stop_grace_period.
# See README.md, "Running unattended". (Written without a Docker engine at hand: not built on the machine that
# wrote it.)

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Only what the package needs: its sources and its metadata (see .dockerignore).
WORKDIR /build
COPY pyproject.toml README.md ./
COPY crawler/ crawler/
COPY monitor/ monitor/
COPY storage/ storage/
# Wheels exist for every dependency on linux/amd64 and arm64 (lxml, psycopg[binary], ...):
# no compiler in the image.
RUN pip install --no-cache-dir . \
    && rm -rf /build \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/noticewatch \
       --create-home --shell /usr/sbin/nologin noticewatch \
    && mkdir -p /etc/noticewatch

USER noticewatch:noticewatch
WORKDIR /var/lib/noticewatch
VOLUME ["/var/lib/noticewatch"]

# SQLite in the volume by default; set NOTICEWATCH_DATABASE_URL to a PostgreSQL URL for a fleet.
ENV NOTICEWATCH_WATCHLIST=/etc/noticewatch/watchlist.toml \
    NOTICEWATCH_DATABASE_URL=sqlite:////var/lib/noticewatch/noticewatch.db

EXPOSE 9108
STOPSIGNAL SIGTERM
# Liveness: the event loop is ticking (readiness, for orchestrators that tell them apart, is /readyz).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:9108/healthz', timeout=4).status == 200 else 1)"]

ENTRYPOINT ["noticewatch"]
# 0.0.0.0 inside the container's own network namespace, so Prometheus (or a published port) can
# reach /metrics; nothing is published to the host unless asked.
CMD ["daemon", "--health-addr", "0.0.0.0:9108", "--log-format", "json"]
