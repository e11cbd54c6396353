"""The explore notebook's helpers (`notebooks/utforska.ipynb`): tables and charts on unsuppressed
data, for analysts only; nothing here is published."""
