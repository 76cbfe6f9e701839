from flask import Flask

from api import bp

app = Flask(__name__)  # expect: RS902, RS906
app.register_blueprint(bp)
