"""The app's extensions, created unbound here and bound in create_app."""

from flask_babel import Babel
from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSession
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

from tracker.tenancy import visible


class Base(DeclarativeBase):
    pass


class TenantSession(FlaskSession):
    """Session.get() answers from the identity map without a SELECT, so without the tenant
    criterion: a row of another congress it holds is not returned (tracker.tenancy.visible)."""

    def get(self, entity, ident, **kwargs):
        found = super().get(entity, ident, **kwargs)
        return found if visible(found) else None


db = SQLAlchemy(model_class=Base, session_options={"class_": TenantSession})
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()
cache = Cache()  # rendered list fragments (tracker.web.page_cache)
# Requests for one-time codes, per client address and per phone or email (tracker.web.accounts.throttle).
# Behind a reverse proxy the address is the proxy's unless the app is wrapped in werkzeug's ProxyFix.
limiter = Limiter(key_func=get_remote_address)
talisman = Talisman()  # security headers (tracker.web.headers)
