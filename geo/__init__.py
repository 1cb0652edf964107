"""China's admin boundaries, gazetteer, maritime line and river courses (knows nothing about policy)."""
