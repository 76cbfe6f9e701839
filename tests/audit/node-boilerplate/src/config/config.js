const Joi = require('joi');

const envVarsSchema = Joi.object()
  .keys({
    NODE_ENV: Joi.string().valid('production', 'development', 'test').required(),
    PORT: Joi.number().default(3000),
    MONGODB_URL: Joi.string().required(),
  })
  .unknown();

const { value: envVars } = envVarsSchema.prefs({ errors: { label: 'key' } }).validate(process.env);

module.exports = {
  env: envVars.NODE_ENV,
  port: envVars.PORT,
  mongoose: { url: envVars.MONGODB_URL, options: { useNewUrlParser: true } },
};
