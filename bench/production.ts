// Imported first: React picks its production build when it is loaded, as `rdplens browse` does.
process.env.NODE_ENV ??= 'production';
