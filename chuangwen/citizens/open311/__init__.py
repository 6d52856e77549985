"""Open311 GeoReport v2 under /open311/v2/: discovery, services and their definitions, POST and GET
service requests, tokens; XML (required by the spec) and JSON chosen by the suffix.

Reports posted here enter the same triage queue as the public page's (services.submit_report with
channel=open311). GET answers never carry the reporter's name, phone or e-mail.
"""
