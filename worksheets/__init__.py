"""官民連携ワークシート: the domain (models, field specs, formats, store, CLI). Imports no Streamlit."""
