"""REST resources, one module each; each exposes `router(ctx) -> APIRouter`."""
