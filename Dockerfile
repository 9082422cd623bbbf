# Production image: gunicorn serving SOR Admin; static files through WhiteNoise.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=sor_admin.settings.prod
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput
# var/ holds the audit anchor (SOR_AUDIT_ANCHOR_FILE); a volume mounted there keeps this owner.
RUN useradd --system --uid 10001 sor && mkdir -p /app/var && chown -R sor /app
USER sor
EXPOSE 8000
CMD ["gunicorn", "sor_admin.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
