"""The composition layer: pages that show several areas at once.

The client record, the start page and the navigation, the district profile and the
staffing page put together what each feature app offers (its context, forms and
services); nothing here decides a rule or writes a row itself.
"""
