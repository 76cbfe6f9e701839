// Adapted from njsscan's path_traversal / safe_traversal samples.
var http = require('http'),
    fileSystem = require('fs'),
    path = require('path');
var express = require('express');
var app = express();

app.get('/', function (req, res) {
    var filePath = path.join(__dirname, '/' + req.query.load); // expect: RS701
    var readStream = fileSystem.createReadStream(filePath);
    fileSystem.readFile(req.query.foo, function () {}); // expect: RS701
    console.log(fileSystem.readFileSync(req.query.nar, 'utf8')); // expect: RS701
    var foo = req.query.y;
    fileSystem.readFile(foo, function () {}); // expect: RS701
    fileSystem.readFile(foo + "bar", function () {});
    readStream.pipe(res);
});

app.get('/static', function (req, res) {
    var filePath = path.join(__dirname, '/' + 'sss');
    var readStream = fileSystem.createReadStream("hardcoded");
    fileSystem.readFile("ddd", function () {});
    var foo = req.query.y;
    // fileSystem.readFile(foo) -- commented out
    fileSystem.readFile(filePath, function () {});
    readStream.pipe(res);
});

app.listen(8888);
fileSystem.readFile(ddd, function () {});
