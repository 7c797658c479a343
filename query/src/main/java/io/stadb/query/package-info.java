/** placeholder */ package io.stadb.query;
