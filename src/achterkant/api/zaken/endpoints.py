"""The Zaken API's endpoints: thin adapters over the services and selectors."""
