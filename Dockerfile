FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
RUN useradd --create-home --uid 1000 desk

COPY pyproject.toml README.md ./
COPY factdesk ./factdesk
COPY claims ./claims
COPY accounts ./accounts
RUN pip install .

COPY . .
# Static files are collected into the image; whitenoise serves them.
RUN SECRET_KEY=collectstatic-only DEBUG=0 python manage.py collectstatic --no-input

USER desk
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --no-input && exec gunicorn factdesk.wsgi:application --bind 0.0.0.0:8000 --workers ${GUNICORN_WORKERS:-3} --access-logfile -"]
