'use strict';
const fs = require('fs');
const path = require('path');

const TEMPLATES = path.join(__dirname, 'templates');

module.exports.render = async (event) => {
  const name = event.pathParameters.name;
  const html = fs.readFileSync(path.join(TEMPLATES, `${name}.html`), 'utf8'); // expect: RS701
  return { statusCode: 200, headers: { 'content-type': 'text/html' }, body: html };
};

module.exports.asset = async (event, context) => {
  const { file } = event.queryStringParameters || {};
  const body = await fs.promises.readFile(`/opt/assets/${file}`); // expect: RS701
  return { statusCode: 200, body: body.toString('base64'), isBase64Encoded: true };
};

module.exports.mine = async (event) => {
  const owner = event.requestContext.authorizer.claims.sub;
  const body = fs.readFileSync(path.join('/opt/users', owner, 'profile.json'));
  return { statusCode: 200, body };
};

module.exports.onUpload = async (event) => {
  // S3 notification: the key comes from the bucket, not from an HTTP client
  for (const record of event.Records) {
    const key = record.s3.object.key;
    fs.writeFileSync(path.join('/tmp', path.basename(key)), '');
  }
};
