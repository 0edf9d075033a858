"""What every feature uses: authorisation, audit log, htmx helpers, security headers,
pagination, mail, error pages, locale formatting."""
