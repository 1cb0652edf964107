"""Map composition: joins validated tables to geometry and renders folium layers (no Streamlit)."""
