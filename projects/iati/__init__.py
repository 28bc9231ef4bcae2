"""Open data: the published projects as IATI 2.03 activities (https://iatistandard.org/)."""
