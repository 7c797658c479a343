/** placeholder */ package io.stadb.tools;
