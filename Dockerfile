# methodisch API image: migrates on start, then serves on $PORT (default 8000).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /srv/methodisch

# DejaVu Sans for the PDF letters (ë, ï); app/berichten/render.py.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml README.md ./
COPY app ./app
COPY workflows ./workflows
COPY measures ./measures
RUN pip install --no-cache-dir '.[postgres]'

COPY alembic.ini ./
COPY alembic ./alembic

RUN useradd --system --uid 10001 methodisch && mkdir -p data && chown methodisch data
USER methodisch

# Several workers on PostgreSQL (the compose file); keep 1 on the embedded SQLite file.
# Production: refuses to start without TOTP_KEY (see README "Configuration").
ENV PORT=8000 WORKERS=1 ENVIRONMENT=production
EXPOSE 8000
CMD ["sh", "-c", "alembic upgrade head && exec uvicorn --factory app.main:create_app --http app.server:HttpProtocol --host 0.0.0.0 --port ${PORT} --workers ${WORKERS} --proxy-headers --no-access-log --no-server-header"]
