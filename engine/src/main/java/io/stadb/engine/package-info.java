/** placeholder */ package io.stadb.engine;
