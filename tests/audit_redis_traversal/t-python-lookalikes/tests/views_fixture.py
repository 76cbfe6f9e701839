from flask import request


def test_reads(tmp_path):
    open(request.args["p"]).read()
